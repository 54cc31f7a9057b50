#include "cart/api/checkout_request.hpp"

#include <gtest/gtest.h>

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

// The status of the HttpError the body gets; 0 when it is accepted.
unsigned Refusal(const http::Request& request) {
  try {
    ParseCheckoutRequest(request);
    return 0;
  } catch (const http::HttpError& error) {
    return error.problem().status;
  }
}

TEST(CheckoutRequest, NoBodyOrAnEmptyObjectNamesNoTotal) {
  EXPECT_FALSE(ParseCheckoutRequest(Post("", "")).expected_total);
  EXPECT_FALSE(ParseCheckoutRequest(Post("")).expected_total);
  EXPECT_FALSE(ParseCheckoutRequest(Post("{}")).expected_total);
}

TEST(CheckoutRequest, ReadsTheExpectedTotal) {
  EXPECT_EQ(ParseCheckoutRequest(Post(R"({"expected_total":"45.00"})")).expected_total,
            Money::Parse("45.00"));
  EXPECT_EQ(ParseCheckoutRequest(Post(R"({"expected_total":"45.5"})")).expected_total,
            Money::Cents(4550));
}

TEST(CheckoutRequest, AMemberThisVersionDoesNotKnowIs422NamingIt) {
  try {
    ParseCheckoutRequest(Post(R"({"expected_total":"1.00","payment_token":"tok"})"));
    ADD_FAILURE() << "accepted";
  } catch (const http::HttpError& error) {
    EXPECT_EQ(error.problem().status, 422u);
    EXPECT_EQ(error.problem().extensions.at("errors").at(0).at("field"), "payment_token");
  }
}

TEST(CheckoutRequest, AnExpectedTotalThatIsNoAmountStringIs422) {
  EXPECT_EQ(Refusal(Post(R"({"expected_total":45})")), 422u);
  EXPECT_EQ(Refusal(Post(R"({"expected_total":null})")), 422u);
  EXPECT_EQ(Refusal(Post(R"({"expected_total":"-1.00"})")), 422u);
  EXPECT_EQ(Refusal(Post(R"({"expected_total":"1.005"})")), 422u);
  EXPECT_EQ(Refusal(Post(R"({"expected_total":""})")), 422u);
}

TEST(CheckoutRequest, ABodyThatIsNoJsonObjectIs400Or415) {
  EXPECT_EQ(Refusal(Post("[]")), 400u);
  EXPECT_EQ(Refusal(Post("{")), 400u);
  EXPECT_EQ(Refusal(Post("{}", "text/plain")), 415u);
}

}  // namespace
}  // namespace shop::cart
