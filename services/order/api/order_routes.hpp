#pragma once
// HTTP surface of order-service. Every route needs a valid access token (401). Amounts are decimal
// strings ("12.50"); times RFC 3339 UTC. An order is {id, user_id, status, cancel_reason, lines:
// [{product_id, name, unit_price, quantity, line_total, seller_id}], subtotal, discount, total,
// promo_code, shipping_address, version, created_at, updated_at, deadline_at}; the payment token is
// never answered.
//
//   GET  /orders?limit=1..100 (20)&cursor=
//                              -> 200 {items: [order], next_cursor: string|null}: the caller's own
//                                 orders, newest first | 400 bad limit or cursor
//   GET  /orders/{id}          -> 200 order + timeline: [{at, from_status, to_status, version,
//                                 cause, detail}] (the owner or an admin) | 404 anyone else, or no
//                                 such order (an order exists once the intake consumer has run)
//   POST /orders/{id}/cancel   -> 200 order + timeline, cancelled (customer when the owner asks,
//                                 admin when an admin does; an order already cancelled is answered
//                                 as it is) | 404 as GET | 409 shipped or delivered
//   GET  /orders/sales?seller_id=&limit=&cursor=
//                              -> 200 {items: [{order_id, status, cancel_reason, version,
//                                 created_at, updated_at, lines}], next_cursor}: the orders that
//                                 contain the seller's products, newest first, with only the
//                                 seller's lines. Sellers see their own (another seller_id: 403),
//                                 admins anyone's (default: their own), customers none (403)
//                                 | 400 bad seller_id, limit or cursor
// Each change writes its state, a timeline entry and its event (order.cancelled) in one transaction
// (store/order_transitions.hpp). Shipping and delivery are delivery-service's: its events move the
// order (consumers/delivery_events.hpp); POST /orders/{id}/ship and /deliver are gone (404).

#include "order/store/order_transitions.hpp"
#include "platform/auth/bearer_auth.hpp"
#include "platform/http/router.hpp"
#include "platform/service/service_main.hpp"

namespace shop::order {

// `transitions` and `authenticator` must outlive the router.
void AddOrderRoutes(http::Router& router, service::ServiceContext& context,
                    const OrderTransitions& transitions, const auth::Authenticator& authenticator);

}  // namespace shop::order
