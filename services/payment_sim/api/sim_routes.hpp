#pragma once
// HTTP surface of payment-provider-sim, the simulated payment provider behind payment-service's
// PaymentProvider (docs/decisions/0030; rules in domain/sim_rules.hpp). No authentication: it
// stands for a third party and listens on loopback only.
//
//   POST /charges  Idempotency-Key: charge:<order id>   {order_id, amount: "12.50", token}
//        -> 201 {id, idempotency_key, order_id, amount, status: "succeeded"}
//         | 402 urn:shop:problem:card-declined      (tok_declined)
//         | 422 urn:shop:problem:invalid-token      (an unknown token)
//         | 503 urn:shop:problem:provider-unavailable (tok_flaky, twice per key; nothing charged)
//         | 409 urn:shop:problem:order-voided       (a refund of the order found no charge first)
//   POST /refunds  Idempotency-Key: refund:<order id>   {order_id, amount}
//        -> 201 {id, idempotency_key, order_id, charge_id, amount, status: "refunded"}
//         | 404 urn:shop:problem:no-charge          (nothing to refund; the order is voided, so
//                                                    no charge of it can follow)
//         | 409 urn:shop:problem:already-refunded   (its charge was refunded under another key)
//         | 422 validation: amount above the charge
//   Both: a key seen before gets its first answer again (Idempotent-Replayed: true), never a
//   second charge; the same key with other parameters is 422 urn:shop:problem:idempotency-key-
//   reused; a missing or malformed key is 400; a bad body 400/415/422.
//   Every answer about a tok_timeout charge comes after SHOP_SIM_TIMEOUT_DELAY (default 30s);
//   every other charge answer after SHOP_SIM_ANSWER_DELAY (default 0, for tests that stop a
//   client mid-charge).
//
//   GET /charges?order_id=<uuid>  -> 200 {order_id, voided, charges: [{id, idempotency_key, amount,
//                                    refunded}], refunds: [{id, idempotency_key, charge_id,
//                                    amount}]} (succeeded charges and refunds only) | 422
//   GET /stats                    -> 200 {charges, refunds, voided_orders,
//                                         orders_charged_more_than_once}

#include "platform/http/router.hpp"
#include "platform/service/service_main.hpp"

namespace shop::payment_sim {

// Reads SHOP_SIM_TIMEOUT_DELAY and SHOP_SIM_ANSWER_DELAY (config::ConfigError when bad).
void AddSimRoutes(http::Router& router, service::ServiceContext& context);

}  // namespace shop::payment_sim
