#pragma once
// The payment.* event a change announces (events/catalog/payment_events.hpp), built from the
// payment as it is after the change and appended with the payment's traceparent (the checkout's).

#include <pqxx/pqxx>

#include "events/outbox_writer.hpp"
#include "payment/domain/payment_rules.hpp"
#include "payment/store/payment_store.hpp"

namespace shop::payment {

// Appends `event` about `payment` to the outbox in `txn`; nothing for PaymentEvent::kNone.
void AppendPaymentEvent(pqxx::work& txn, const events::Outbox& outbox, PaymentEvent event,
                        const PaymentRecord& payment);

}  // namespace shop::payment
