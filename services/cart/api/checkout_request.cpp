#include "cart/api/checkout_request.hpp"

#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>
#include <span>
#include <string_view>

#include "cart/api/cart_api.hpp"
#include "events/catalog/cart_events.hpp"
#include "events/catalog/payload_json.hpp"
#include "platform/http/json_body.hpp"
#include "platform/http/problem.hpp"

namespace shop::cart {
namespace {

constexpr std::array<std::string_view, 3> kMembers = {"shipping_address", "payment_token",
                                                      "expected_total"};
constexpr std::array<std::string_view, 2> kRequiredMembers = {"shipping_address", "payment_token"};
constexpr std::array<std::string_view, 6> kAddressMembers = {"name", "line1",       "line2",
                                                             "city", "postal_code", "country"};

// 422 on the first member of `object` not in `known`, named `prefix` + its name.
void RequireKnownMembers(const nlohmann::json& object, std::span<const std::string_view> known,
                         const std::string& prefix, const std::string& what) {
  for (const auto& [name, value] : object.items()) {
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      throw FieldError(prefix + name, "is not a member of " + what);
    }
  }
}

// One 422 naming every required member `object` lacks: a client written before issue 12 (no
// body, {}, or only expected_total) learns all it must add at once.
void RequireMembers(const nlohmann::json& object) {
  nlohmann::json errors = nlohmann::json::array();
  std::string missing;
  for (const std::string_view name : kRequiredMembers) {
    if (!object.contains(std::string(name))) {
      errors.push_back({{"field", std::string(name)}, {"message", "is required"}});
      missing += (missing.empty() ? "" : " and ") + std::string(name);
    }
  }
  if (!errors.empty()) {
    throw http::Unprocessable(missing + (errors.size() > 1 ? " are" : " is") +
                                  " required to check out: the order is shipped to the address "
                                  "and paid with the token",
                              std::move(errors));
  }
}

// The address, by the catalogue's rules (events::ReadAddress), so that the cart accepts exactly
// the addresses the saga's consumers accept.
events::Address ReadShippingAddress(const nlohmann::json& object) {
  const nlohmann::json& address = object.at("shipping_address");
  if (!address.is_object()) {
    throw FieldError("shipping_address",
                     "must be an object {name, line1, line2?, city, postal_code, country}");
  }
  RequireKnownMembers(address, kAddressMembers, "shipping_address.", "a shipping address");
  try {
    return events::ReadAddress(events::PayloadReader(address.dump(), "shipping_address"));
  } catch (const events::PayloadError& error) {
    // "shipping_address has a city that is not 1 to 200 characters long"
    throw http::Unprocessable(error.what(),
                              {{{"field", "shipping_address"}, {"message", error.what()}}});
  }
}

// Never quotes the token: a 422's detail may end up in a client's or a proxy's log.
std::string ReadPaymentToken(const http::JsonBody& body) {
  std::string token = body.RequiredString("payment_token");
  if (token.empty() || token.size() > events::kMaxPaymentTokenChars || !IsVisibleAscii(token)) {
    throw FieldError("payment_token", "must be 1 to " +
                                          std::to_string(events::kMaxPaymentTokenChars) +
                                          " visible ASCII characters (no spaces)");
  }
  return token;
}

}  // namespace

CheckoutTerms ParseCheckoutRequest(const http::Request& request) {
  // 415 and 400 first, as every route answers them.
  const http::JsonBody body = request.body.empty() ? http::JsonBody("{}") : http::JsonBody(request);
  const nlohmann::json object =
      request.body.empty() ? nlohmann::json::object() : nlohmann::json::parse(request.body);
  RequireKnownMembers(object, kMembers, "", "a checkout request");
  RequireMembers(object);
  CheckoutTerms terms;
  if (const std::optional<std::string> total = body.OptionalString("expected_total")) {
    terms.expected_total = Money::Parse(*total);
    if (!terms.expected_total) {
      throw FieldError("expected_total", "must be an amount as GET /cart shows it, e.g. \"45.00\"");
    }
  }
  terms.shipping_address = ReadShippingAddress(object);
  terms.payment_token = ReadPaymentToken(body);
  return terms;
}

}  // namespace shop::cart
