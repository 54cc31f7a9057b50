#pragma once
// Consumer group `product.stock-reservation` (docs/decisions/0026 and 0029):
//   order.created    -> the order's lines reserved all or none -> stock.reserved | stock.rejected
//   order.cancelled  -> what the order reserved released once  -> stock.released
// Each product whose stock moves also gets a product.updated with its new state and version, so
// replicas (the cart's) see the stock. Every event appended carries the consumed event's
// traceparent. A duplicate or late event changes nothing and appends nothing. The steps and what
// they guarantee under concurrency: consumers/reservation_steps.hpp.

#include <memory>

#include "events/consumer/event_consumer.hpp"
#include "platform/service/background_task.hpp"
#include "platform/service/service_main.hpp"

namespace shop::product {

inline constexpr const char* kStockReservationGroup = "product.stock-reservation";

events::consumer::HandlerTable StockReservationHandlers();

// Reads SHOP_KAFKA_BOOTSTRAP (required) and SHOP_STOCK_RESERVATION_GROUP (default
// product.stock-reservation; tests use their own group, with its .retry and .dlq topics).
std::unique_ptr<service::BackgroundTask> MakeStockReservation(service::ServiceContext& context);

}  // namespace shop::product
