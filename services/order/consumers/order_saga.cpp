#include "order/consumers/order_saga.hpp"

#include "events/catalog/payment_events.hpp"
#include "events/catalog/stock_events.hpp"
#include "events/consumer/event_consumer.hpp"
#include "order/consumers/order_consumer.hpp"
#include "order/store/order_store.hpp"

namespace shop::order {
namespace {

void ApplyToOrder(pqxx::work& txn, const OrderTransitions& transitions, const std::string& order_id,
                  OrderInput input, const events::CloudEvent& envelope, std::string detail = {}) {
  std::optional<Order> order = LockOrder(txn, order_id);
  if (!order) {
    throw events::consumer::PermanentError("no order " + order_id + " for " + envelope.type);
  }
  transitions.Apply(txn, std::move(*order), input,
                    {.event_id = envelope.id,
                     .traceparent = envelope.traceparent.value_or(""),
                     .detail = std::move(detail)});
}

std::string Shortages(const events::StockRejected& rejected) {
  std::string text;
  for (const events::StockShortage& shortage : rejected.shortages) {
    text += (text.empty() ? "" : "; ") + shortage.product_id + " requested " +
            std::to_string(shortage.requested) + ", available " +
            std::to_string(shortage.available);
  }
  return text;
}

std::string Payment(const events::PaymentMovement& payment) {
  return "payment " + payment.payment_id + ", amount " + payment.amount;
}

}  // namespace

events::consumer::HandlerTable OrderSagaHandlers(const OrderTransitions& transitions) {
  using events::CloudEvent;
  const OrderTransitions* t = &transitions;
  events::consumer::HandlerTable handlers;
  handlers
      .On<events::StockReserved>(
          [t](pqxx::work& txn, const events::StockReserved& e, const CloudEvent& envelope) {
            ApplyToOrder(txn, *t, e.order_id, OrderInput::kStockReserved, envelope);
          })
      .On<events::StockRejected>(
          [t](pqxx::work& txn, const events::StockRejected& e, const CloudEvent& envelope) {
            ApplyToOrder(txn, *t, e.order_id, OrderInput::kStockRejected, envelope, Shortages(e));
          })
      .On<events::StockReleased>(
          [t](pqxx::work& txn, const events::StockReleased& e, const CloudEvent& envelope) {
            ApplyToOrder(txn, *t, e.order_id, OrderInput::kStockReleased, envelope);
          })
      .On<events::PaymentSucceeded>(
          [t](pqxx::work& txn, const events::PaymentSucceeded& e, const CloudEvent& envelope) {
            ApplyToOrder(txn, *t, e.order_id, OrderInput::kPaymentSucceeded, envelope, Payment(e));
          })
      .On<events::PaymentFailed>(
          [t](pqxx::work& txn, const events::PaymentFailed& e, const CloudEvent& envelope) {
            ApplyToOrder(txn, *t, e.order_id, OrderInput::kPaymentFailed, envelope,
                         "payment " + e.payment_id + ", " + e.reason);
          })
      .On<events::PaymentRefunded>(
          [t](pqxx::work& txn, const events::PaymentRefunded& e, const CloudEvent& envelope) {
            ApplyToOrder(txn, *t, e.order_id, OrderInput::kPaymentRefunded, envelope, Payment(e));
          });
  return handlers;
}

std::unique_ptr<service::BackgroundTask> MakeOrderSaga(service::ServiceContext& context,
                                                       const OrderTransitions& transitions) {
  return MakeOrderConsumer("order-saga", context, "SHOP_ORDER_SAGA_GROUP", kOrderSagaGroup,
                           OrderSagaHandlers(transitions));
}

}  // namespace shop::order
