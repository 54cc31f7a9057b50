#pragma once
// Consumer group `order.saga`: the answers of the saga's other steps move the order on through its
// state machine (domain/order_machine.hpp, docs/decisions/0026):
//
//   stock.reserved     pending -> stock_reserved, order.payment_requested
//   stock.rejected     pending -> cancelled(out_of_stock), order.cancelled
//   payment.succeeded  stock_reserved -> paid -> confirmed, order.confirmed
//   payment.failed     stock_reserved -> cancelled(payment_declined), order.cancelled
//   stock.released,
//   payment.refunded   a timeline entry (the compensations of a cancellation)
//
// An event that does not fit the order's state (late, repeated, after a cancellation) changes
// nothing and is recorded in the timeline with the reason. Each handler locks the order row, so
// the consumer, the deadline scanner and the routes change one order one at a time. An event for
// an order this service does not have is a permanent failure (dead-lettered): the saga's events
// answer order events, which are written with the order.

#include <memory>

#include "events/consumer/handler_table.hpp"
#include "order/store/order_transitions.hpp"
#include "platform/service/background_task.hpp"
#include "platform/service/service_main.hpp"

namespace shop::order {

inline constexpr const char* kOrderSagaGroup = "order.saga";

// `transitions` must outlive the table.
events::consumer::HandlerTable OrderSagaHandlers(const OrderTransitions& transitions);

// Reads SHOP_KAFKA_BOOTSTRAP (required), SHOP_ORDER_SAGA_GROUP (default order.saga) and
// SHOP_INBOX_RETENTION.
std::unique_ptr<service::BackgroundTask> MakeOrderSaga(service::ServiceContext& context,
                                                       const OrderTransitions& transitions);

}  // namespace shop::order
