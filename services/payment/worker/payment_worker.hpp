#pragma once
// The payment worker (docs/decisions/0030): background tasks that take due payments one at a
// time and call the provider outside any transaction.
//
//   claim (one short transaction): the most overdue pending or refund_pending payment, FOR UPDATE
//       SKIP LOCKED; the attempt is counted and the payment held for a lease (long enough for the
//       whole call), so other workers, here or in another instance, skip it;
//   call: pending -> PaymentProvider::Charge with key charge:<order id>; refund_pending ->
//       Refund with key refund:<order id>;
//   record (one transaction, the row locked): the rules of domain/payment_rules.hpp on the row as
//       it is now (an order.cancelled may have arrived during the call), the status change and
//       its payment.* event in the outbox, with the payment's traceparent; an unknown outcome
//       schedules a retry after a jittered backoff.
// A worker killed mid-call leaves the payment claimed until the lease ends; then any worker
// retries it with the same key, so the provider answers the first outcome again.
//
// An idle worker waits for a WorkSignal (the due-payment listener's: Postgres notifies a payment
// that became due at its commit) or, at the latest, the poll interval.
//
// Settings: SHOP_PAYMENT_WORKERS (tasks, default 2), SHOP_PAYMENT_POLL_INTERVAL (an idle worker's
// longest pause, 100ms), SHOP_PAYMENT_RETRY_BASE (1s) and SHOP_PAYMENT_RETRY_CAP (30s) (the backoff
// of unknown outcomes); the lease follows from the provider's timeout and attempts
// (domain/attempt_schedule.hpp).

#include <memory>
#include <vector>

#include "payment/domain/attempt_schedule.hpp"
#include "payment/provider/payment_provider.hpp"
#include "payment/worker/payment_metrics.hpp"
#include "payment/worker/work_signal.hpp"
#include "platform/config/env_config.hpp"
#include "platform/db/pool.hpp"
#include "platform/http/upstream.hpp"
#include "platform/service/background_task.hpp"

namespace shop::payment {

struct WorkerOptions {
  int workers = 2;
  std::chrono::milliseconds poll_interval{100};
  AttemptSchedule schedule;
  std::chrono::milliseconds backlog_every{std::chrono::seconds(5)};  // metrics refresh
};

// Throws config::ConfigError naming a bad variable.
WorkerOptions LoadWorkerOptions(const config::EnvConfig& env,
                                const http::UpstreamOptions& provider);

// `options.workers` tasks; the first also refreshes the backlog gauges. `pool`, `provider`,
// `metrics` and `wake` must outlive them.
std::vector<std::unique_ptr<service::BackgroundTask>> MakePaymentWorkers(
    const WorkerOptions& options, db::ConnectionPool& pool, PaymentProvider& provider,
    PaymentMetrics& metrics, WorkSignal& wake);

}  // namespace shop::payment
