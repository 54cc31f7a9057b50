#pragma once
// cart.checked_out (schemas/events/cart.checked_out/v1.json), produced by cart-service: what the
// user bought, with names and prices frozen at checkout. Amounts are decimal strings. The
// shipping address, payment token and the lines' sellers were added within v1 (decision 0026):
// events written before them still parse, with those members unset.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "events/catalog/address.hpp"
#include "events/catalog/event_type.hpp"

namespace shop::events {

// The longest payment token a checkout (and order.payment_requested) may carry, in characters.
inline constexpr std::size_t kMaxPaymentTokenChars = 200;

struct CheckoutLine {
  std::string product_id;
  std::string name;  // not empty
  std::string category_name;
  std::string unit_price;                  // decimal string, "59.90"
  std::int64_t quantity = 0;               // 1 to 99
  std::string line_total;                  // unit_price x quantity, decimal string
  std::optional<std::string> seller_id{};  // the product's seller; JSON null when it has none

  friend bool operator==(const CheckoutLine&, const CheckoutLine&) = default;
};

struct CartCheckedOut {
  static constexpr EventTypeInfo kType{"cart.checked_out", "cart.checked_out",
                                       "urn:shop:schema:cart.checked_out:v1"};
  std::string checkout_id;  // the aggregate
  std::string user_id;
  std::vector<CheckoutLine> lines;  // at least one
  std::string subtotal;             // decimal strings
  std::string discount;             // "0.00" without a promo code
  std::string total;
  std::optional<std::string> promo_code;       // JSON null without one
  std::int64_t version = 1;                    // a checkout is written once
  std::optional<Address> shipping_address{};   // absent from the JSON when unset
  std::optional<std::string> payment_token{};  // 1 to 200 characters; absent when unset

  std::string AggregateId() const { return checkout_id; }
  std::string ToJson() const;
  static CartCheckedOut FromJson(std::string_view data);
  friend bool operator==(const CartCheckedOut&, const CartCheckedOut&) = default;
};

}  // namespace shop::events
