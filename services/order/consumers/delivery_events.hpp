#pragma once
// Consumer group `order.delivery-events`: delivery-service's tracking events move the order and
// become lines of its timeline, so the customer follows the parcel (docs/decisions/0034):
//
//   delivery.shipment_created   a timeline line ("label_created, tracking number SH...")
//   delivery.status_changed     picked_up (or any later step, if that one was lost) ships a
//                               confirmed order (order.shipped); delivered delivers it
//                               (order.delivered); every step is a timeline line with the step and
//                               the courier's note as detail ("in_transit", "failed_attempt:
//                               nobody home")
//   delivery.cancelled          a timeline line
//
// Each event is recorded once per version of the order's shipment (migrations/V006): a duplicate,
// a copy under another ce_id or a replay of a recorded version changes nothing, not even the
// timeline (ce_id duplicates are caught before, by the inbox). The state machine
// (domain/order_machine.hpp) decides the rest: a step that does not fit (a parcel moving for a
// cancelled order) is a timeline line saying so. Each handler locks the order row, like the saga's.
// An event for an order this service does not have is dead-lettered (shipments are made from
// order.confirmed, which is written with the order).

#include <memory>

#include "events/consumer/handler_table.hpp"
#include "order/store/order_transitions.hpp"
#include "platform/service/background_task.hpp"
#include "platform/service/service_main.hpp"

namespace shop::order {

inline constexpr const char* kDeliveryEventsGroup = "order.delivery-events";

// `transitions` must outlive the table.
events::consumer::HandlerTable DeliveryEventHandlers(const OrderTransitions& transitions);

// Reads SHOP_KAFKA_BOOTSTRAP (required), SHOP_ORDER_DELIVERY_EVENTS_GROUP (default
// order.delivery-events) and SHOP_INBOX_RETENTION.
std::unique_ptr<service::BackgroundTask> MakeDeliveryEvents(service::ServiceContext& context,
                                                            const OrderTransitions& transitions);

}  // namespace shop::order
