#include "payment/consumers/order_events.hpp"

#include "events/catalog/order_events.hpp"
#include "events/consumer/consumer_task.hpp"
#include "payment/store/payment_store.hpp"
#include "platform/logging/log.hpp"

namespace shop::payment {
namespace {

void OnPaymentRequested(pqxx::work& txn, const events::OrderPaymentRequested& request,
                        const events::CloudEvent& envelope) {
  const bool created =
      InsertRequestedPayment(txn, {.order_id = request.order_id,
                                   .user_id = request.user_id,
                                   .amount = request.amount,
                                   .token = request.payment_token,
                                   .traceparent = envelope.traceparent.value_or("")});
  logging::Info(created ? "payment_requested" : "payment_request_ignored",
                {{"order_id", request.order_id}, {"amount", request.amount}});
}

void OnOrderCancelled(pqxx::work& txn, const events::OrderCancelled& cancellation,
                      const events::CloudEvent& envelope, PaymentMetrics& metrics) {
  // A cancellation seen before the payment request leaves a tombstone (status cancelled), so the
  // request, when it comes, charges nothing. When the payment exists this inserts nothing, and
  // after a concurrent insert it waits for it and then does nothing.
  InsertCancelledTombstone(txn, cancellation.order_id, envelope.traceparent.value_or(""));
  const PaymentRecord payment = *LockPaymentOfOrder(txn, cancellation.order_id);
  const Transition transition = OnOrderCancelled(payment.Facts());
  if (transition == Transition{}) {
    return;
  }
  const PaymentRecord after = ApplyChange(txn, payment.id, {.transition = transition});
  if (transition.next) {
    metrics.CountTransition(*transition.next);
  }
  logging::Info("payment_order_cancelled", {{"order_id", payment.order_id},
                                            {"payment_id", payment.id},
                                            {"status_before", StatusName(payment.status)},
                                            {"status", StatusName(after.status)}});
}

}  // namespace

events::consumer::HandlerTable OrderEventHandlers(PaymentMetrics& metrics) {
  events::consumer::HandlerTable handlers;
  handlers.On<events::OrderPaymentRequested>(OnPaymentRequested)
      .On<events::OrderCancelled>([&metrics](pqxx::work& txn, const events::OrderCancelled& event,
                                             const events::CloudEvent& envelope) {
        OnOrderCancelled(txn, event, envelope, metrics);
      });
  return handlers;
}

std::unique_ptr<service::BackgroundTask> MakeOrderEventsConsumer(service::ServiceContext& context,
                                                                 PaymentMetrics& metrics) {
  return events::consumer::MakeConsumerTask(
      "order-events",
      events::consumer::ConsumerOptionsFromEnv(
          context.config, "payment", "SHOP_PAYMENT_ORDER_EVENTS_GROUP", kOrderEventsGroup),
      OrderEventHandlers(metrics), context.pool, context.metrics);
}

}  // namespace shop::payment
