#include "order/consumers/delivery_events.hpp"

#include "events/catalog/delivery_events.hpp"
#include "events/consumer/event_consumer.hpp"
#include "order/consumers/order_consumer.hpp"
#include "order/store/order_store.hpp"
#include "platform/logging/log.hpp"

namespace shop::order {
namespace {

// Applies a tracking event about `shipment` to its order, once per shipment version.
void ApplyStep(pqxx::work& txn, const OrderTransitions& transitions,
               const events::ShipmentState& shipment, OrderInput input,
               const events::CloudEvent& envelope, std::string detail) {
  std::optional<Order> order = LockOrder(txn, shipment.order_id);
  if (!order) {
    throw events::consumer::PermanentError("no order " + shipment.order_id + " for " +
                                           envelope.type);
  }
  if (!RecordShipmentStep(txn, shipment.order_id, shipment.version, shipment.status, envelope.id)) {
    logging::Info("delivery_event_absorbed", {{"order_id", shipment.order_id},
                                              {"type", envelope.type},
                                              {"shipment_version", shipment.version},
                                              {"event_id", envelope.id}});
    return;
  }
  transitions.Apply(txn, std::move(*order), input,
                    {.event_id = envelope.id,
                     .traceparent = envelope.traceparent.value_or(""),
                     .detail = std::move(detail)});
}

// The input a tracking step is: the delivery, or another move of the parcel. A step back to
// label_created or to cancelled is not one delivery-service writes (delivery.cancelled is its own
// type): refused as permanent, so it ends in the dead-letter topic instead of moving an order.
OrderInput StepInput(const events::DeliveryStatusChanged& changed) {
  if (changed.status == "delivered") {
    return OrderInput::kParcelDelivered;
  }
  if (changed.status == "label_created" || changed.status == "cancelled") {
    throw events::consumer::PermanentError("delivery.status_changed to " + changed.status +
                                           " is not a tracking step");
  }
  return OrderInput::kParcelMoved;
}

// "in_transit", or "failed_attempt: nobody home" with the courier's note.
std::string StepDetail(const events::DeliveryStatusChanged& changed) {
  return changed.note && !changed.note->empty() ? changed.status + ": " + *changed.note
                                                : changed.status;
}

}  // namespace

events::consumer::HandlerTable DeliveryEventHandlers(const OrderTransitions& transitions) {
  using events::CloudEvent;
  const OrderTransitions* t = &transitions;
  events::consumer::HandlerTable handlers;
  handlers
      .On<events::DeliveryShipmentCreated>([t](pqxx::work& txn,
                                               const events::DeliveryShipmentCreated& e,
                                               const CloudEvent& envelope) {
        ApplyStep(txn, *t, e, OrderInput::kShipmentCreated, envelope,
                  e.status + ", tracking number " + e.tracking_number);
      })
      .On<events::DeliveryStatusChanged>(
          [t](pqxx::work& txn, const events::DeliveryStatusChanged& e, const CloudEvent& envelope) {
            ApplyStep(txn, *t, e, StepInput(e), envelope, StepDetail(e));
          })
      .On<events::DeliveryCancelled>(
          [t](pqxx::work& txn, const events::DeliveryCancelled& e, const CloudEvent& envelope) {
            ApplyStep(txn, *t, e, OrderInput::kShipmentCancelled, envelope, e.status);
          });
  return handlers;
}

std::unique_ptr<service::BackgroundTask> MakeDeliveryEvents(service::ServiceContext& context,
                                                            const OrderTransitions& transitions) {
  return MakeOrderConsumer("delivery-events", context, "SHOP_ORDER_DELIVERY_EVENTS_GROUP",
                           kDeliveryEventsGroup, DeliveryEventHandlers(transitions));
}

}  // namespace shop::order
