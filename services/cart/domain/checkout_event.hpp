#pragma once
// The cart.checked_out event of a checkout (events/catalog/cart_events.hpp): what was bought, with
// names, prices, sellers and totals frozen as the cart showed them, where it goes and what pays
// for it. Pure.

#include <string>

#include "cart/domain/cart_view.hpp"
#include "cart/domain/checkout_terms.hpp"
#include "events/catalog/cart_events.hpp"

namespace shop::cart {

// The available lines of `view` only (an unavailable line is out of every total), each with its
// product's seller when the replica knows one; amounts as decimal strings with two fraction
// digits; the address and payment token of `terms`.
events::CartCheckedOut CheckedOutEvent(const std::string& checkout_id, const std::string& user_id,
                                       const CartView& view, const CheckoutTerms& terms);

// What the cart keeps of a checkout in its own table (checkouts.data): the event without the
// payment token. The token leaves the cart only in the outbox row the relay publishes.
events::CartCheckedOut CheckoutRecord(events::CartCheckedOut event);

}  // namespace shop::cart
