#pragma once
// The cart.checked_out event of a checkout (events/catalog/cart_events.hpp): what was bought, with
// names, prices and totals frozen as the cart showed them. Pure.

#include <string>

#include "cart/domain/cart_view.hpp"
#include "events/catalog/cart_events.hpp"

namespace shop::cart {

// The available lines of `view` only (an unavailable line is out of every total); amounts as
// decimal strings with two fraction digits.
events::CartCheckedOut CheckedOutEvent(const std::string& checkout_id, const std::string& user_id,
                                       const CartView& view);

}  // namespace shop::cart
