#include "shopctl/secret_mask.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace shop::shopctl {
namespace {

constexpr const char* kToken = "q8Xr2vU0m3yKc5TnW9bJfLzA1sD4gH6eP7iO0uY2tR5";

TEST(MaskedPayload, HidesTheTokenOfAnAccountEmailEvent) {
  const std::string event = nlohmann::json{
      {"user_id", "0191d0c4-2222-7abc-8def-0123456789ab"},
      {"email", "ada@shop.test"},
      {"name", nullptr},
      {"token", kToken},
      {"expires_at", "2026-12-08T10:00:00Z"},
      {"version", 1}}.dump();
  const std::string shown = MaskedPayload(event);
  EXPECT_EQ(shown.find(kToken), std::string::npos) << shown;
  const auto json = nlohmann::json::parse(shown);
  EXPECT_EQ(json.at("token"), kMaskedSecret);
  EXPECT_EQ(json.at("email"), "ada@shop.test") << "the rest is shown as it is";
  EXPECT_EQ(json.at("version"), 1);
}

TEST(MaskedPayload, HidesTokensAtAnyDepthAndWhateverTheirType) {
  const std::string shown = MaskedPayload(
      R"({"a":{"token":{"value":"s3cret-one"}},"list":[{"token":"s3cret-two"},{"x":1}],"token":7})");
  EXPECT_EQ(shown.find("s3cret"), std::string::npos) << shown;
  const auto json = nlohmann::json::parse(shown);
  EXPECT_EQ(json.at("a").at("token"), kMaskedSecret);
  EXPECT_EQ(json.at("list").at(0).at("token"), kMaskedSecret);
  EXPECT_EQ(json.at("list").at(1).at("x"), 1);
  EXPECT_EQ(json.at("token"), kMaskedSecret);
}

TEST(MaskedPayload, LeavesOtherMembersAlone) {
  // Only the member named exactly `token`: payment_token names the payment provider's reference.
  const auto json = nlohmann::json::parse(
      MaskedPayload(R"({"payment_token":"tok_visa","tokens":2,"Token":"x"})"));
  EXPECT_EQ(json.at("payment_token"), "tok_visa");
  EXPECT_EQ(json.at("tokens"), 2);
  EXPECT_EQ(json.at("Token"), "x");
}

TEST(MaskedPayload, ShowsTextThatIsNotJsonUnlessItMentionsAToken) {
  EXPECT_EQ(MaskedPayload("not json at all"), "not json at all");
  const std::string truncated = std::string(R"({"email":"ada@shop.test","token":")") + kToken;
  const std::string shown = MaskedPayload(truncated);
  EXPECT_EQ(shown.find(kToken), std::string::npos) << shown;
  EXPECT_NE(shown.find(std::to_string(truncated.size()) + " bytes"), std::string::npos) << shown;
}

TEST(MaskedValue, KeepsAValueWithoutATokenByteForByte) {
  const std::string value = R"({"z":1, "a":"keep my order"})";
  EXPECT_EQ(MaskedValue(value), value);
  EXPECT_EQ(MaskedValue("not json"), "not json");
}

TEST(MaskedValue, MasksOnOneLine) {
  const std::string shown = MaskedValue(std::string(R"({"token":")") + kToken + R"(","v":1})");
  EXPECT_EQ(shown, R"({"token":"<masked>","v":1})");
}

}  // namespace
}  // namespace shop::shopctl
