#include "delivery/consumers/order_events.hpp"

#include "events/catalog/order_events.hpp"
#include "events/consumer/consumer_task.hpp"
#include "platform/logging/log.hpp"

namespace shop::delivery {
namespace {

void OnOrderConfirmed(pqxx::work& txn, const ShipmentTransitions& transitions,
                      const events::OrderConfirmed& order, const events::CloudEvent& envelope) {
  const std::optional<Shipment> created =
      transitions.Create(txn, order.order_id, order.user_id, envelope.traceparent.value_or(""));
  if (created) {
    logging::Info("shipment_created", {{"order_id", order.order_id},
                                       {"shipment_id", created->id},
                                       {"tracking_number", created->tracking_number.value_or("")}});
  } else {
    logging::Info("order_confirmed_ignored",
                  {{"order_id", order.order_id},
                   {"reason", "the order has a shipment, or was cancelled first"}});
  }
}

void OnOrderCancelled(pqxx::work& txn, const ShipmentTransitions& transitions,
                      DeliveryMetrics& metrics, const events::OrderCancelled& order,
                      const events::CloudEvent& envelope) {
  const CancellationOutcome outcome = transitions.CancelForOrder(txn, order.order_id, order.user_id,
                                                                 envelope.traceparent.value_or(""));
  metrics.CountOrderCancellation(OutcomeName(outcome));
  logging::Info("shipment_order_cancelled",
                {{"order_id", order.order_id}, {"outcome", OutcomeName(outcome)}});
}

}  // namespace

events::consumer::HandlerTable OrderEventHandlers(const ShipmentTransitions& transitions,
                                                  DeliveryMetrics& metrics) {
  using events::CloudEvent;
  const ShipmentTransitions* t = &transitions;
  DeliveryMetrics* m = &metrics;
  events::consumer::HandlerTable handlers;
  handlers
      .On<events::OrderConfirmed>(
          [t](pqxx::work& txn, const events::OrderConfirmed& e, const CloudEvent& envelope) {
            OnOrderConfirmed(txn, *t, e, envelope);
          })
      .On<events::OrderCancelled>(
          [t, m](pqxx::work& txn, const events::OrderCancelled& e, const CloudEvent& envelope) {
            OnOrderCancelled(txn, *t, *m, e, envelope);
          });
  return handlers;
}

std::unique_ptr<service::BackgroundTask> MakeOrderEventsConsumer(
    service::ServiceContext& context, const ShipmentTransitions& transitions,
    DeliveryMetrics& metrics) {
  return events::consumer::MakeConsumerTask(
      "order-events",
      events::consumer::ConsumerOptionsFromEnv(
          context.config, "delivery", "SHOP_DELIVERY_ORDER_EVENTS_GROUP", kOrderEventsGroup),
      OrderEventHandlers(transitions, metrics), context.pool, context.metrics);
}

}  // namespace shop::delivery
