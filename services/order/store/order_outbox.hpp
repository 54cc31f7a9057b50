#pragma once
// The order's events (events/catalog/order_events.hpp), written to the outbox from the order's
// state after a change. The payload is the event's own encoding, never an API body.

#include <pqxx/pqxx>
#include <string>

#include "events/outbox_writer.hpp"
#include "order/domain/order.hpp"
#include "order/domain/order_machine.hpp"

namespace shop::order {

void AppendOrderCreated(pqxx::work& txn, const events::Outbox& outbox, const Order& order,
                        const std::string& traceparent);
// order.payment_requested carries the payment token: `order` must still hold it (stock_reserved).
// Throws std::logic_error otherwise.
void AppendOrderEvent(pqxx::work& txn, const events::Outbox& outbox, OrderEvent event,
                      const Order& order, const std::string& traceparent);

}  // namespace shop::order
