#pragma once
// Consumer group `cart.order-events` (decisions 0026, 0032): the cart's part of the order saga's
// compensation. On order.cancelled it gives back the promo use of the cancelled order's checkout
// (the order id is the checkout id): the checkout's redemption is marked returned and the code's
// use count lowered, in the transaction that records the event as processed. Exactly once in
// effect: a redelivered event is skipped by the inbox, and a second order.cancelled of the same
// order (another ce_id: a replay to the source topic, an order cancelled twice) finds the
// redemption returned and changes nothing. An order whose checkout used no code changes nothing.

#include <memory>

#include "events/consumer/event_consumer.hpp"
#include "platform/service/background_task.hpp"
#include "platform/service/service_main.hpp"

namespace shop::cart {

inline constexpr const char* kOrderEventsGroup = "cart.order-events";

events::consumer::HandlerTable OrderEventsHandlers();

// Reads SHOP_KAFKA_BOOTSTRAP (required), SHOP_CART_ORDER_EVENTS_GROUP (default cart.order-events)
// and SHOP_INBOX_RETENTION.
std::unique_ptr<service::BackgroundTask> MakeOrderEvents(service::ServiceContext& context);

}  // namespace shop::cart
