#pragma once
// HTTP surface of payment-service (schemas/openapi/payment.yaml):
//   GET /payments/{order_id}  -> 200 payment | 401 no or bad token | 404 no payment for the order,
//                                or the caller is neither its owner (the user of the order's
//                                payment request) nor an admin (no hint that the order exists)
// A payment is {payment_id, order_id, user_id, status, amount, failure_reason, attempts,
// refund_attempts, version, created_at, updated_at}; admins also see next_attempt_at and
// last_error (the runbook's view of a stuck payment). The token never appears.
// Payments are created and moved only by events and the worker: there is no write route.

#include <nlohmann/json.hpp>

#include "payment/store/payment_store.hpp"
#include "platform/auth/bearer_auth.hpp"
#include "platform/http/router.hpp"
#include "platform/service/service_main.hpp"

namespace shop::payment {

// The answer body for `payment`; `for_admin` adds the worker's fields.
nlohmann::json PaymentJson(const PaymentRecord& payment, bool for_admin);

// `authenticator` must outlive the router.
void AddPaymentRoutes(http::Router& router, service::ServiceContext& context,
                      const auth::Authenticator& authenticator);

}  // namespace shop::payment
