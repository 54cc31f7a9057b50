#pragma once
// HTTP surface of cart-service. Every route needs a valid access token (401); the cart and
// wishlist are always the caller's, named by the token's `sub` (no route takes a user id in the
// body). Amounts are decimal strings with two fraction digits ("12.50").
//
// A cart view is {user_id, items: [{product_id, name, category_name, unit_price, quantity,
// line_total, available}], subtotal, discount, total, promo_code: string|null,
// promo_problem: string|null}; lines of deleted products have available = false and count in no
// total; promo_problem says why an applied code gives no discount now.
//
//   GET    /cart                        -> 200 cart view (an empty one before the first write)
//   DELETE /cart                        -> 204 (lines and applied code removed)
//   POST   /cart/items {product_id, quantity}
//                                       -> 201 cart view (adds, or increases the quantity)
//                                       | 422 quantity outside 1..99 or above stock, unknown or
//                                         deleted product | 503 product not in the replica and
//                                         product-service unreachable
//                                       Idempotency-Key header: the same key and body -> the
//                                       stored answer; the same key, another body -> 422
//   PATCH  /cart/items/{product_id} {quantity} -> 200 cart view | 404 not in the cart | 422
//   DELETE /cart/items/{product_id}     -> 204 | 404
//   GET    /cart/wishlist               -> 200 {items: [{product_id, name, category_name,
//                                          unit_price, available}]}
//   POST   /cart/wishlist {product_id}  -> 201 wishlist (200 when already there) | 422 | 503
//   DELETE /cart/wishlist/{product_id}  -> 204 | 404
//   POST   /cart/wishlist/{product_id}/move-to-cart
//                                       -> 200 cart view (one more of it in the cart, gone from
//                                          the wishlist) | 404 not in the wishlist | 422
//   POST   /cart/promo-codes {code, kind, value, min_subtotal?, max_uses?, per_user_limit?,
//                             starts_at?, expires_at?, category_ids?}
//                                       -> 201 promo code (admins; 403 others) | 409 exists | 422
//   GET    /cart/promo-codes            -> 200 {items: [promo code]} (admins; 403 others)
//   POST   /cart/promo {code}           -> 200 cart view | 422 unknown or inapplicable (reason)
//   DELETE /cart/promo                  -> 204
//   POST   /cart/checkout {shipping_address, payment_token, expected_total?}
//                                       (api/checkout_request.hpp; decisions 0016, 0032)
//                                       -> 202 {checkout_id, total}: checkout_id is the order's id
//                                          (GET /orders/{checkout_id}) | 409 {expected_total,
//                                          current_total}: the total is not the one the client
//                                          agreed to | 422 address or token missing (no body
//                                          included) or outside its rules, an unknown or
//                                          ill-typed member; empty cart, a line above stock, an
//                                          applied code that no longer applies (used up by a
//                                          concurrent checkout, for one)
//   GET    /cart/users/{user_id}        -> 200 cart view (admins) | 404 (everyone else)
// Checkout writes cart.checked_out to the outbox, counts the promo use and empties the cart in
// one transaction; a refused checkout (409, 422) writes nothing. The payment token is never
// logged nor answered.

#include "platform/auth/bearer_auth.hpp"
#include "platform/http/router.hpp"
#include "platform/service/service_main.hpp"

namespace shop::cart {

class ProductDirectory;

// `products` (asked on a replica miss) and `authenticator` must outlive the router.
void AddCartRoutes(http::Router& router, service::ServiceContext& context,
                   ProductDirectory& products, const auth::Authenticator& authenticator);

}  // namespace shop::cart
