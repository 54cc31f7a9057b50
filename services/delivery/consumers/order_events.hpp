#pragma once
// Consumer group `delivery.order-events` (docs/decisions/0034). Each event is one short
// transaction on the shipments table (store/shipment_transitions.hpp):
//   order.confirmed  -> a label_created shipment with a new tracking number and
//                       delivery.shipment_created, unless the order has one (a duplicate or a
//                       replay: unique order_id) or a tombstone (its cancellation came first)
//   order.cancelled  -> label_created: cancelled, delivery.cancelled; picked up or later: recorded
//                       (order_cancelled_at, a history note, a warning; the parcel keeps moving,
//                       docs/runbooks/delivery.md); no shipment yet: a cancelled tombstone, so the
//                       order.confirmed that may still come (another topic) makes none
// The order is cancelled for good once order.cancelled exists (order-service never confirms a
// cancelled order), so a cancellation always wins over a confirmation, whichever arrives first.

#include <memory>

#include "delivery/metrics/delivery_metrics.hpp"
#include "delivery/store/shipment_transitions.hpp"
#include "events/consumer/handler_table.hpp"
#include "platform/service/background_task.hpp"
#include "platform/service/service_main.hpp"

namespace shop::delivery {

inline constexpr const char* kOrderEventsGroup = "delivery.order-events";

// `transitions` and `metrics` must outlive the table.
events::consumer::HandlerTable OrderEventHandlers(const ShipmentTransitions& transitions,
                                                  DeliveryMetrics& metrics);

// Reads SHOP_KAFKA_BOOTSTRAP (required), SHOP_DELIVERY_ORDER_EVENTS_GROUP (default
// delivery.order-events; tests use their own group, with its .retry and .dlq topics) and the
// consumer settings of events/consumer/consumer_task.hpp.
std::unique_ptr<service::BackgroundTask> MakeOrderEventsConsumer(
    service::ServiceContext& context, const ShipmentTransitions& transitions,
    DeliveryMetrics& metrics);

}  // namespace shop::delivery
