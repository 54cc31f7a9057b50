#include "payment/worker/payment_events.hpp"

#include "events/catalog/payment_events.hpp"

namespace shop::payment {
namespace {

events::PaymentMovement Movement(const PaymentRecord& payment) {
  return {.order_id = payment.order_id,
          .payment_id = payment.id,
          .amount = payment.amount.value_or("0.00"),
          .version = payment.version};
}

}  // namespace

void AppendPaymentEvent(pqxx::work& txn, const events::Outbox& outbox, PaymentEvent event,
                        const PaymentRecord& payment) {
  switch (event) {
    case PaymentEvent::kNone:
      return;
    case PaymentEvent::kSucceeded:
      outbox.Append(txn, events::PaymentSucceeded{Movement(payment)}, payment.traceparent);
      return;
    case PaymentEvent::kRefunded:
      outbox.Append(txn, events::PaymentRefunded{Movement(payment)}, payment.traceparent);
      return;
    case PaymentEvent::kFailed:
      outbox.Append(txn,
                    events::PaymentFailed{.order_id = payment.order_id,
                                          .payment_id = payment.id,
                                          .reason = payment.failure_reason.value_or("declined"),
                                          .version = payment.version},
                    payment.traceparent);
      return;
  }
}

}  // namespace shop::payment
