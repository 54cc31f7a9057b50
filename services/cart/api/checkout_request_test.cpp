#include "cart/api/checkout_request.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "platform/http/problem.hpp"

namespace shop::cart {
namespace {

http::Request Post(std::string body, std::string content_type = "application/json") {
  http::Request request;
  request.method = http::Method::kPost;
  request.path = "/cart/checkout";
  if (!content_type.empty()) {
    request.headers.Set("Content-Type", std::move(content_type));
  }
  request.body = std::move(body);
  return request;
}

nlohmann::json Address() {
  return {{"name", "Ada Lovelace"},
          {"line1", "12 St James's Square"},
          {"city", "London"},
          {"postal_code", "SW1Y 4JH"},
          {"country", "GB"}};
}

// A complete request, with `changes` merged over it (a null member removes it).
http::Request Checkout(const nlohmann::json& changes = nlohmann::json::object()) {
  nlohmann::json body = {{"shipping_address", Address()}, {"payment_token", "tok_visa"}};
  body.merge_patch(changes);
  return Post(body.dump());
}

// The address with `member` set to `value` (null removes it).
http::Request WithAddress(const std::string& member, const nlohmann::json& value) {
  return Checkout({{"shipping_address", {{member, value}}}});
}

// The problem the request gets; a failure (and status 0) when it is accepted.
http::Problem Refusal(const http::Request& request) {
  try {
    ParseCheckoutRequest(request);
    ADD_FAILURE() << "accepted: " << request.body;
  } catch (const http::HttpError& error) {
    return error.problem();
  }
  return {};
}

// The fields the 422's `errors` names.
std::vector<std::string> Fields(const http::Problem& problem) {
  std::vector<std::string> fields;
  EXPECT_EQ(problem.status, 422u) << problem.detail;
  if (problem.extensions.contains("errors")) {
    for (const nlohmann::json& error : problem.extensions.at("errors")) {
      fields.push_back(error.at("field"));
    }
  }
  return fields;
}

using Names = std::vector<std::string>;

TEST(CheckoutRequest, ReadsTheAddressTheTokenAndTheExpectedTotal) {
  const CheckoutTerms terms = ParseCheckoutRequest(Checkout({{"expected_total", "45.5"}}));
  EXPECT_EQ(terms.shipping_address.name, "Ada Lovelace");
  EXPECT_EQ(terms.shipping_address.line1, "12 St James's Square");
  EXPECT_EQ(terms.shipping_address.line2, std::nullopt);
  EXPECT_EQ(terms.shipping_address.city, "London");
  EXPECT_EQ(terms.shipping_address.postal_code, "SW1Y 4JH");
  EXPECT_EQ(terms.shipping_address.country, "GB");
  EXPECT_EQ(terms.payment_token, "tok_visa");
  EXPECT_EQ(terms.expected_total, Money::Cents(4550));
  EXPECT_FALSE(ParseCheckoutRequest(Checkout()).expected_total) << "the total stays optional";
}

TEST(CheckoutRequest, ASecondAddressLineIsOptionalAndMayBeNull) {
  EXPECT_EQ(ParseCheckoutRequest(WithAddress("line2", "Flat 3")).shipping_address.line2, "Flat 3");
  nlohmann::json null_line2 = Address();
  null_line2["line2"] = nullptr;  // merge_patch would remove it
  EXPECT_EQ(ParseCheckoutRequest(
                Post(nlohmann::json{{"shipping_address", null_line2}, {"payment_token", "tok_visa"}}
                         .dump()))
                .shipping_address.line2,
            std::nullopt);
}

TEST(CheckoutRequest, WithoutAddressAndTokenOlderClientsGetOne422NamingBoth) {
  for (const http::Request& request :
       {Post("", ""), Post(""), Post("{}"), Post(R"({"expected_total":"45.00"})")}) {
    EXPECT_EQ(Fields(Refusal(request)), (Names{"shipping_address", "payment_token"}))
        << request.body;
  }
  EXPECT_EQ(Fields(Refusal(Checkout({{"payment_token", nullptr}}))), Names{"payment_token"});
  EXPECT_EQ(Fields(Refusal(Checkout({{"shipping_address", nullptr}}))), Names{"shipping_address"});
}

TEST(CheckoutRequest, AMemberThisVersionDoesNotKnowIs422NamingIt) {
  EXPECT_EQ(Fields(Refusal(Checkout({{"gift_note", "hi"}}))), Names{"gift_note"});
  EXPECT_EQ(Fields(Refusal(WithAddress("line3", "Back door"))), Names{"shipping_address.line3"});
}

TEST(CheckoutRequest, EveryAddressMemberIsAStringOfOneTo200Characters) {
  for (const char* member : {"name", "line1", "city", "postal_code"}) {
    for (const nlohmann::json& bad : {nlohmann::json(), nlohmann::json(""), nlohmann::json(7),
                                      nlohmann::json(std::string(201, 'x'))}) {
      const http::Problem problem = Refusal(WithAddress(member, bad));
      EXPECT_EQ(Fields(problem), Names{"shipping_address"}) << member << " = " << bad;
      EXPECT_NE(problem.detail.find(member), std::string::npos) << problem.detail;
    }
    EXPECT_NO_THROW(ParseCheckoutRequest(WithAddress(member, std::string(200, 'x'))));
  }
  // Characters, not bytes: 200 two-byte letters are 400 bytes.
  std::string two_hundred_letters;
  for (int i = 0; i < 200; ++i) {
    two_hundred_letters += "\xc3\xa9";  // é
  }
  EXPECT_NO_THROW(ParseCheckoutRequest(WithAddress("city", two_hundred_letters)));
  EXPECT_EQ(Fields(Refusal(WithAddress("line2", ""))), Names{"shipping_address"});
  EXPECT_EQ(Fields(Refusal(WithAddress("line2", 2))), Names{"shipping_address"});
}

TEST(CheckoutRequest, TheCountryIsTwoUpperCaseLetters) {
  for (const char* bad : {"gb", "GBR", "G", "G1", "", "Gb"}) {
    const http::Problem problem = Refusal(WithAddress("country", bad));
    EXPECT_EQ(Fields(problem), Names{"shipping_address"}) << bad;
    EXPECT_NE(problem.detail.find("country"), std::string::npos) << problem.detail;
  }
  EXPECT_EQ(ParseCheckoutRequest(WithAddress("country", "DE")).shipping_address.country, "DE");
}

TEST(CheckoutRequest, AnAddressThatIsNoObjectIs422) {
  for (const nlohmann::json& bad :
       {nlohmann::json("12 St James's Square"), nlohmann::json::array({"x"}), nlohmann::json(1)}) {
    EXPECT_EQ(Fields(Refusal(Checkout({{"shipping_address", bad}}))), Names{"shipping_address"});
  }
  EXPECT_EQ(Fields(Refusal(Post(R"({"shipping_address":null,"payment_token":"tok_visa"})"))),
            Names{"shipping_address"});
}

TEST(CheckoutRequest, ThePaymentTokenIsOneTo200VisibleAsciiCharactersAndNeverQuoted) {
  EXPECT_EQ(ParseCheckoutRequest(Checkout({{"payment_token", std::string(200, 'k')}}))
                .payment_token.size(),
            200u);
  const std::string secret = "tok_secret_4242";
  for (const nlohmann::json& bad :
       {nlohmann::json(""), nlohmann::json(std::string(201, 'k')), nlohmann::json(secret + " x"),
        nlohmann::json(secret + "\t"), nlohmann::json(secret + "\xc3\xa9"), nlohmann::json(42),
        nlohmann::json::array({secret})}) {
    const http::Problem problem = Refusal(Checkout({{"payment_token", bad}}));
    EXPECT_EQ(Fields(problem), Names{"payment_token"}) << bad;
    EXPECT_EQ(problem.detail.find(secret), std::string::npos) << problem.detail;
    EXPECT_EQ(problem.extensions.dump().find(secret), std::string::npos);
  }
  const nlohmann::json null_token = {{"shipping_address", Address()}, {"payment_token", nullptr}};
  EXPECT_EQ(Fields(Refusal(Post(null_token.dump()))), Names{"payment_token"});
}

TEST(CheckoutRequest, AnExpectedTotalThatIsNoAmountStringIs422) {
  for (const nlohmann::json& bad : {nlohmann::json(45), nlohmann::json(), nlohmann::json("-1.00"),
                                    nlohmann::json("1.005"), nlohmann::json("")}) {
    nlohmann::json body = {
        {"shipping_address", Address()}, {"payment_token", "tok_visa"}, {"expected_total", bad}};
    EXPECT_EQ(Fields(Refusal(Post(body.dump()))), Names{"expected_total"}) << bad;
  }
}

TEST(CheckoutRequest, ABodyThatIsNoJsonObjectIs400Or415) {
  EXPECT_EQ(Refusal(Post("[]")).status, 400u);
  EXPECT_EQ(Refusal(Post("{")).status, 400u);
  EXPECT_EQ(Refusal(Post(Checkout().body, "text/plain")).status, 415u);
}

}  // namespace
}  // namespace shop::cart
