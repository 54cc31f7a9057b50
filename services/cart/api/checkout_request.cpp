#include "cart/api/checkout_request.hpp"

#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>
#include <string_view>

#include "cart/api/cart_api.hpp"
#include "platform/http/json_body.hpp"
#include "platform/http/problem.hpp"

namespace shop::cart {
namespace {

constexpr std::array<std::string_view, 1> kMembers = {"expected_total"};

// 422 on the first member of `json` (an object http::JsonBody has accepted) not in kMembers.
void RequireKnownMembers(const std::string& json) {
  const nlohmann::json object = nlohmann::json::parse(json);
  for (const auto& [name, value] : object.items()) {
    if (std::find(kMembers.begin(), kMembers.end(), name) == kMembers.end()) {
      throw FieldError(name, "is not a member of a checkout request");
    }
  }
}

}  // namespace

CheckoutTerms ParseCheckoutRequest(const http::Request& request) {
  if (request.body.empty()) {
    return {};
  }
  const http::JsonBody body(request);
  RequireKnownMembers(request.body);
  CheckoutTerms terms;
  if (const std::optional<std::string> total = body.OptionalString("expected_total")) {
    terms.expected_total = Money::Parse(*total);
    if (!terms.expected_total) {
      throw FieldError("expected_total", "must be an amount as GET /cart shows it, e.g. \"45.00\"");
    }
  }
  return terms;
}

}  // namespace shop::cart
