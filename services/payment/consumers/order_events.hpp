#pragma once
// Consumer group `payment.order-events` (docs/decisions/0026, 0030). Each event is one short
// transaction on the payments table; no provider call ever runs here (the worker makes them).
//   order.payment_requested -> a pending payment (amount, token, the order's user, the event's
//                              traceparent), unless the order has a payment already (a duplicate,
//                              or a cancellation seen first: the tombstone charges nothing)
//   order.cancelled         -> domain/payment_rules OnOrderCancelled: pending and never sent ->
//                              cancelled; sent or succeeded -> refund_pending; no payment yet ->
//                              a cancelled tombstone

#include <memory>

#include "events/consumer/handler_table.hpp"
#include "payment/worker/payment_metrics.hpp"
#include "platform/service/background_task.hpp"
#include "platform/service/service_main.hpp"

namespace shop::payment {

inline constexpr const char* kOrderEventsGroup = "payment.order-events";

// `metrics` must outlive the table.
events::consumer::HandlerTable OrderEventHandlers(PaymentMetrics& metrics);

// Reads SHOP_KAFKA_BOOTSTRAP (required), SHOP_PAYMENT_ORDER_EVENTS_GROUP (default
// payment.order-events; tests use their own group, with its .retry and .dlq topics) and the
// consumer settings of events/consumer/consumer_task.hpp.
std::unique_ptr<service::BackgroundTask> MakeOrderEventsConsumer(service::ServiceContext& context,
                                                                 PaymentMetrics& metrics);

}  // namespace shop::payment
