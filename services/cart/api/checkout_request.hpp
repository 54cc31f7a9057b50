#pragma once
// The body of POST /cart/checkout (api/cart_routes.hpp, decision 0016): an optional JSON object
// that later versions grow (shipping_address and payment_token are next). Today it has one
// member, expected_total, an amount string ("45.00"; "45" and "45.5" are read as 45.00, 45.50).
//
// No body at all means {}: clients written before the body existed keep working. Errors, as
// http::JsonBody reports them elsewhere: a Content-Type other than JSON -> 415; malformed JSON or a
// value that is not an object -> 400; a member this version does not know, or an expected_total
// that is not an amount string -> 422 naming the member. Unknown members are refused rather than
// ignored (other routes ignore them): a client that sends one relies on it, and a checkout that
// silently went ahead without it (a payment token, say) would be worse than a refusal.

#include "cart/domain/checkout_terms.hpp"
#include "platform/http/message.hpp"

namespace shop::cart {

CheckoutTerms ParseCheckoutRequest(const http::Request& request);

}  // namespace shop::cart
