#include "delivery/api/status_request.hpp"

#include <gtest/gtest.h>

#include "platform/http/problem.hpp"

namespace shop::delivery {
namespace {

StatusRequest Parse(const std::string& json) { return ParseStatusRequest(http::JsonBody(json)); }

// The 422's field, or "" when `json` parses.
std::string RefusedField(const std::string& json) {
  try {
    Parse(json);
    return "";
  } catch (const http::HttpError& error) {
    EXPECT_EQ(error.problem().status, 422u) << json;
    return error.problem().extensions.at("errors").at(0).at("field");
  }
}

TEST(StatusRequestTest, AStatusWithAnOptionalNoteAndVersion) {
  const StatusRequest bare = Parse(R"({"status": "picked_up"})");
  EXPECT_EQ(bare.target, ShipmentStatus::kPickedUp);
  EXPECT_FALSE(bare.note);
  EXPECT_FALSE(bare.expected_version);

  const StatusRequest full =
      Parse(R"({"status": "failed_attempt", "note": "nobody home", "version": 4, "x": 1})");
  EXPECT_EQ(full.target, ShipmentStatus::kFailedAttempt);
  EXPECT_EQ(full.note, "nobody home");
  EXPECT_EQ(full.expected_version, 4);
}

TEST(StatusRequestTest, ANullOrEmptyNoteIsNone) {
  EXPECT_FALSE(Parse(R"({"status": "delivered", "note": null})").note);
  EXPECT_FALSE(Parse(R"({"status": "delivered", "note": ""})").note);
}

TEST(StatusRequestTest, ANoteOfFiveHundredCharactersIsTheLongestAllowed) {
  std::string note;
  for (int i = 0; i < 500; ++i) {
    note += "\u00e9";  // two bytes, one character
  }
  EXPECT_EQ(Parse(R"({"status": "delivered", "note": ")" + note + R"("})").note, note);
  EXPECT_EQ(RefusedField(R"({"status": "delivered", "note": ")" + note + R"(x"})"), "note");
}

TEST(StatusRequestTest, StatusesCouriersMayNotAskForAreRefused) {
  EXPECT_EQ(RefusedField(R"({"status": "cancelled"})"), "status");
  EXPECT_EQ(RefusedField(R"({"status": "label_created"})"), "status");
  EXPECT_EQ(RefusedField(R"({"status": "lost"})"), "status");
  EXPECT_EQ(RefusedField(R"({})"), "status");
  EXPECT_EQ(RefusedField(R"({"status": 3})"), "status");
}

TEST(StatusRequestTest, AVersionBelowOneOrOfAnotherTypeIsRefused) {
  EXPECT_EQ(RefusedField(R"({"status": "in_transit", "version": 0})"), "version");
  EXPECT_EQ(RefusedField(R"({"status": "in_transit", "version": "2"})"), "version");
  EXPECT_EQ(RefusedField(R"({"status": "in_transit", "note": 5})"), "note");
}

}  // namespace
}  // namespace shop::delivery
