#pragma once
// payment-service's own metrics (the provider calls' transport metrics are the upstream's,
// upstream_*{upstream="payment-provider"}):
//   payment_charge_attempts_total{outcome}   charge calls: succeeded | declined | invalid_token |
//                                            unknown (timeout, no connection, 5xx: retried)
//   payment_refund_attempts_total{outcome}   refund calls: refunded | no_charge | unknown
//   payment_transitions_total{to}            status changes: succeeded, failed, cancelled,
//                                            refund_pending, refunded
//   payments_waiting{status}                 pending / refund_pending payments (refreshed by the
//                                            worker every few seconds)
//   payment_oldest_waiting_seconds{status}   since the oldest of them last changed
// Thread-safe; every series exists from construction (zeros, not gaps).

#include <vector>

#include "payment/domain/payment_rules.hpp"
#include "payment/store/payment_store.hpp"
#include "platform/metrics/registry.hpp"

namespace shop::payment {

class PaymentMetrics {
 public:
  explicit PaymentMetrics(metrics::Registry& registry);

  void CountCharge(ChargeResult result);
  void CountRefund(RefundResult result);
  void CountTransition(PaymentStatus to);
  void SetBacklog(const std::vector<Backlog>& backlog);

 private:
  metrics::Registry& registry_;
};

}  // namespace shop::payment
