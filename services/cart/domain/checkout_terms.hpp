#pragma once
// What a client agrees to and asks for when it checks out (the body of POST /cart/checkout,
// decisions 0016 and 0032), and the check of the agreed total against the cart as the checkout
// finds it. Pure: no database, no HTTP.

#include <optional>
#include <string>

#include "cart/domain/money.hpp"
#include "events/catalog/address.hpp"

namespace shop::cart {

struct CheckoutTerms {
  // The total the client showed its user (GET /cart's `total`). nullopt when the client named
  // none, as clients written before decision 0016 do: the cart is then charged as it stands.
  std::optional<Money> expected_total{};
  // Where the order goes, as cart.checked_out carries it.
  events::Address shipping_address{};
  // What payment-service charges (its provider's token); carried by cart.checked_out only, never
  // logged, answered or kept in the cart's own records (decision 0032).
  std::string payment_token{};
};

// The total the client agreed to and the cart's total now, when they differ.
struct TotalChanged {
  Money expected;
  Money current;
};

// nullopt when the client named no total or exactly `current` (amounts compare by value: "3.1"
// agrees to 3.10); otherwise both figures.
std::optional<TotalChanged> CheckAgreedTotal(const CheckoutTerms& terms, Money current);

}  // namespace shop::cart
