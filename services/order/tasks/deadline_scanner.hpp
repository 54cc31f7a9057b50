#pragma once
// The saga's deadlines (docs/decisions/0026): an order that waits too long for a step is cancelled
// and compensated. Every SHOP_ORDER_SCAN_EVERY (default 1s) the scanner takes the orders whose
// deadline has passed (pending past SHOP_ORDER_STOCK_DEADLINE -> cancelled(stock_timeout);
// stock_reserved past SHOP_ORDER_PAYMENT_DEADLINE -> cancelled(payment_timeout)), each with
// order.cancelled, so product-service releases the stock and payment-service refunds or cancels
// the payment.
//
// Safe with several instances: orders are taken FOR UPDATE SKIP LOCKED in batches, each batch one
// transaction, so two scanners never take the same order and never wait for one another; an order
// that a consumer or a request holds is left for the next pass, and the state machine ignores a
// deadline that no longer applies. A failed pass (database away) is logged and retried on the next
// tick; it never stops the service.
//
// After every pass (failed or not) the scanner measures what is left past its deadline, for the
// OrdersStuckPastDeadline alert (deploy/monitoring/rules/saga.yml):
//   order_saga_overdue_orders           orders past their deadline still waiting
//   order_saga_oldest_overdue_seconds   how far past its deadline the oldest of them is
// Both are 0 while the scanner keeps up; a measurement that fails leaves the last values.

#include <chrono>
#include <memory>

#include "order/store/order_store.hpp"
#include "order/store/order_transitions.hpp"
#include "platform/db/pool.hpp"
#include "platform/metrics/registry.hpp"
#include "platform/service/background_task.hpp"
#include "platform/service/service_main.hpp"

namespace shop::order {

inline constexpr int kDeadlineBatch = 100;

// One pass: cancels every order past its deadline, in batches of `batch`, and counts them in
// order_deadline_cancellations_total{reason}. Returns how many it cancelled. Throws what the pool
// throws.
int CancelOrdersPastDeadline(db::ConnectionPool& pool, const OrderTransitions& transitions,
                             metrics::Registry& metrics, int batch = kDeadlineBatch);

// Measures the orders past their deadline that still wait (CountOrdersPastDeadline) and sets the
// two gauges above. Returns the measurement. Throws what the pool throws (gauges unchanged).
OverdueOrders MeasureOverdueOrders(db::ConnectionPool& pool, metrics::Registry& metrics);

// SHOP_ORDER_SCAN_EVERY, at least 10ms. Throws config::ConfigError.
std::chrono::milliseconds ScanEvery(const config::EnvConfig& env);

// `transitions` must outlive the task.
std::unique_ptr<service::BackgroundTask> MakeDeadlineScanner(service::ServiceContext& context,
                                                             const OrderTransitions& transitions);

}  // namespace shop::order
