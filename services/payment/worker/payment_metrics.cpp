#include "payment/worker/payment_metrics.hpp"

#include <string>

namespace shop::payment {
namespace {

metrics::Counter& Charges(metrics::Registry& registry, const std::string& outcome) {
  return registry.GetCounter("payment_charge_attempts_total",
                             "Charge calls to the payment provider, by outcome", {"outcome"},
                             {outcome});
}

metrics::Counter& Refunds(metrics::Registry& registry, const std::string& outcome) {
  return registry.GetCounter("payment_refund_attempts_total",
                             "Refund calls to the payment provider, by outcome", {"outcome"},
                             {outcome});
}

metrics::Counter& Transitions(metrics::Registry& registry, PaymentStatus to) {
  return registry.GetCounter("payment_transitions_total", "Payment status changes, by new status",
                             {"to"}, {std::string(StatusName(to))});
}

metrics::Gauge& Waiting(metrics::Registry& registry, PaymentStatus status) {
  return registry.GetGauge("payments_waiting",
                           "Payments the worker still has to charge or refund, by status",
                           {"status"}, {std::string(StatusName(status))});
}

metrics::Gauge& OldestWaiting(metrics::Registry& registry, PaymentStatus status) {
  return registry.GetGauge("payment_oldest_waiting_seconds",
                           "Age of the oldest waiting payment since its last change, by status",
                           {"status"}, {std::string(StatusName(status))});
}

constexpr PaymentStatus kWaitingStatuses[] = {PaymentStatus::kPending,
                                              PaymentStatus::kRefundPending};

}  // namespace

PaymentMetrics::PaymentMetrics(metrics::Registry& registry) : registry_(registry) {
  // Every series from the start, so dashboards and alerts see zeros rather than gaps.
  for (ChargeResult result : {ChargeResult::kSucceeded, ChargeResult::kDeclined,
                              ChargeResult::kInvalidToken, ChargeResult::kUnknown}) {
    Charges(registry_, std::string(ResultName(result)));
  }
  for (RefundResult result :
       {RefundResult::kRefunded, RefundResult::kNoCharge, RefundResult::kUnknown}) {
    Refunds(registry_, std::string(ResultName(result)));
  }
  for (PaymentStatus status : kWaitingStatuses) {
    Waiting(registry_, status);
    OldestWaiting(registry_, status);
  }
}

void PaymentMetrics::CountCharge(ChargeResult result) {
  Charges(registry_, std::string(ResultName(result))).Inc();
}

void PaymentMetrics::CountRefund(RefundResult result) {
  Refunds(registry_, std::string(ResultName(result))).Inc();
}

void PaymentMetrics::CountTransition(PaymentStatus to) { Transitions(registry_, to).Inc(); }

void PaymentMetrics::SetBacklog(const std::vector<Backlog>& backlog) {
  for (PaymentStatus status : kWaitingStatuses) {
    double count = 0;
    double oldest = 0;
    for (const Backlog& entry : backlog) {
      if (entry.status == status) {
        count = static_cast<double>(entry.count);
        oldest = entry.oldest_seconds;
      }
    }
    Waiting(registry_, status).Set(count);
    OldestWaiting(registry_, status).Set(oldest);
  }
}

}  // namespace shop::payment
