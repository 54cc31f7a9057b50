#pragma once
// The body of POST /cart/checkout (api/cart_routes.hpp; decisions 0016 and 0032), a JSON object:
//
//   shipping_address  required: {name, line1, line2?, city, postal_code, country}, strings of 1 to
//                     200 characters, line2 absent or null without one, country two upper-case
//                     letters (ISO 3166-1 alpha-2): events::ReadAddress's rules, so the cart never
//                     writes an address the order saga's consumers would refuse
//   payment_token     required: 1 to 200 visible ASCII characters (0x21 to 0x7e)
//   expected_total    optional: an amount string ("45.00"; "45" and "45.5" are read as 45.00,
//                     45.50), the total the user agreed to
//
// No body at all reads as {}: a client written before issue 12 learns from the 422 which members
// are required now. Errors, as http::JsonBody reports them elsewhere: a Content-Type other than
// JSON -> 415; malformed JSON or a value that is not an object -> 400; a missing required member,
// a member this version does not know (in the body or in the address), or an ill-typed or
// out-of-range value -> 422 naming the member in `errors` (the address's own rules name
// shipping_address, with the member at fault in the message). Unknown members are refused rather
// than ignored (other routes ignore them): a client that sends one relies on it. No message ever
// quotes the payment token.

#include "cart/domain/checkout_terms.hpp"
#include "platform/http/message.hpp"

namespace shop::cart {

CheckoutTerms ParseCheckoutRequest(const http::Request& request);

}  // namespace shop::cart
