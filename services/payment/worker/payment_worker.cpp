#include "payment/worker/payment_worker.hpp"

#include <atomic>
#include <cstdint>
#include <random>
#include <string>

#include "events/outbox_writer.hpp"
#include "payment/worker/payment_events.hpp"
#include "platform/logging/log.hpp"

namespace shop::payment {
namespace {

using Clock = std::chrono::steady_clock;

// What a provider call came back with, for the record step.
struct CallOutcome {
  std::string call{};     // "charge" | "refund"
  std::string outcome{};  // for the log
  bool known = false;     // the provider gave a definite answer
  std::string provider_id{};
  std::string detail{};
};

class PaymentWorker final : public service::BackgroundTask {
 public:
  PaymentWorker(int index, const WorkerOptions& options, db::ConnectionPool& pool,
                PaymentProvider& provider, PaymentMetrics& metrics, WorkSignal& wake)
      : index_(index),
        options_(options),
        pool_(pool),
        provider_(provider),
        metrics_(metrics),
        wake_(wake),
        random_(std::random_device{}()) {}

  std::string Name() const override { return "payment-worker-" + std::to_string(index_); }

  void Run() override {
    while (!stopping_.load()) {
      // Read before looking for work: a payment that becomes due meanwhile ends the pause below.
      const std::uint64_t seen = wake_.Generation();
      bool worked = false;
      try {
        worked = WorkOnce();
      } catch (const std::exception& e) {
        // Postgres away, most likely: a claimed payment is retried once its lease ends.
        logging::Warn("payment_worker_failed", {{"worker", Name()}, {"error", e.what()}});
      }
      if (index_ == 0) {
        RefreshBacklogIfDue();
      }
      if (!worked && !stopping_.load()) {
        wake_.Wait(seen, options_.poll_interval);
      }
    }
  }

  void Stop() override {
    stopping_ = true;
    wake_.Notify();  // wakes every worker of the process; the others just look for work again
  }

 private:
  bool WorkOnce() {
    const std::optional<ClaimedPayment> claimed = pool_.WithTransaction(
        [&](pqxx::work& txn) { return ClaimDuePayment(txn, options_.schedule.lease); });
    if (!claimed) {
      return false;
    }
    if (claimed->status == PaymentStatus::kPending) {
      Charge(*claimed);
    } else {
      Refund(*claimed);
    }
    return true;
  }

  void Charge(const ClaimedPayment& payment) {
    const ChargeAnswer answer = provider_.Charge({.idempotency_key = "charge:" + payment.order_id,
                                                  .order_id = payment.order_id,
                                                  .amount = payment.amount,
                                                  .token = payment.token,
                                                  .traceparent = payment.traceparent});
    metrics_.CountCharge(answer.result);
    Record(payment,
           {.call = "charge",
            .outcome = std::string(ResultName(answer.result)),
            .known = answer.result != ChargeResult::kUnknown,
            .provider_id = answer.charge_id,
            .detail = answer.detail},
           [&](const PaymentFacts& facts) { return AfterCharge(facts, answer.result); });
  }

  void Refund(const ClaimedPayment& payment) {
    const RefundAnswer answer = provider_.Refund({.idempotency_key = "refund:" + payment.order_id,
                                                  .order_id = payment.order_id,
                                                  .amount = payment.amount,
                                                  .traceparent = payment.traceparent});
    metrics_.CountRefund(answer.result);
    Record(payment,
           {.call = "refund",
            .outcome = std::string(ResultName(answer.result)),
            .known = answer.result != RefundResult::kUnknown,
            .provider_id = answer.refund_id,
            .detail = answer.detail},
           [&](const PaymentFacts& facts) { return AfterRefund(facts, answer.result); });
  }

  // Applies `rule` to the payment as it is now and writes the change and its event together.
  template <typename Rule>
  void Record(const ClaimedPayment& payment, const CallOutcome& call, const Rule& rule) {
    struct Recorded {
      PaymentStatus before{};
      PaymentRecord after{};
      Transition transition{};
      std::chrono::milliseconds backoff{};
    };
    const Recorded recorded = pool_.WithTransaction([&](pqxx::work& txn) {
      const PaymentRecord before = LockPayment(txn, payment.id);
      PaymentChange change{.transition = rule(before.Facts()), .release_claim = true};
      if (change.transition.event == PaymentEvent::kSucceeded) {
        change.charge_id = call.provider_id;
      } else if (change.transition.event == PaymentEvent::kRefunded) {
        change.refund_id = call.provider_id;
      }
      if (change.transition.next_attempt == NextAttempt::kBackoff) {
        change.backoff =
            resilience::BackoffDelay(options_.schedule.retry, payment.attempts, UnitRandom());
      }
      if (!call.known || change.transition.next_attempt == NextAttempt::kBackoff) {
        change.last_error = call.call + ": " + call.detail;
      }
      PaymentRecord after = ApplyChange(txn, payment.id, change);
      AppendPaymentEvent(txn, outbox_, change.transition.event, after);
      return Recorded{before.status, std::move(after), change.transition, change.backoff};
    });
    if (recorded.transition.next) {
      metrics_.CountTransition(*recorded.transition.next);
    }
    nlohmann::json fields = {{"order_id", payment.order_id},
                             {"payment_id", payment.id},
                             {"call", call.call},
                             {"attempt", payment.attempts},
                             {"outcome", call.outcome},
                             {"status_before", StatusName(recorded.before)},
                             {"status", StatusName(recorded.after.status)},
                             {"version", recorded.after.version},
                             {"traceparent", payment.traceparent}};
    if (recorded.transition.next_attempt == NextAttempt::kBackoff) {
      fields["retry_in_ms"] = recorded.backoff.count();
      fields["detail"] = call.detail;
      logging::Warn("payment_call_unresolved", std::move(fields));
    } else {
      logging::Info("payment_call_recorded", std::move(fields));
    }
  }

  void RefreshBacklogIfDue() {
    const Clock::time_point now = Clock::now();
    if (now < next_backlog_refresh_) {
      return;
    }
    next_backlog_refresh_ = now + options_.backlog_every;
    try {
      metrics_.SetBacklog(pool_.WithTransaction(ReadBacklog));
    } catch (const std::exception& e) {
      logging::Warn("payment_backlog_unreadable", {{"error", e.what()}});
    }
  }

  double UnitRandom() { return std::uniform_real_distribution<double>(0.0, 1.0)(random_); }

  const int index_;
  const WorkerOptions options_;
  db::ConnectionPool& pool_;
  PaymentProvider& provider_;
  PaymentMetrics& metrics_;
  WorkSignal& wake_;
  const events::Outbox outbox_{"payment"};
  std::mt19937 random_{};
  Clock::time_point next_backlog_refresh_{};
  std::atomic<bool> stopping_{false};
};

}  // namespace

WorkerOptions LoadWorkerOptions(const config::EnvConfig& env,
                                const http::UpstreamOptions& provider) {
  WorkerOptions options;
  options.workers = static_cast<int>(env.Int("SHOP_PAYMENT_WORKERS", options.workers, 1, 64));
  options.poll_interval = env.Duration("SHOP_PAYMENT_POLL_INTERVAL", options.poll_interval);
  options.schedule.retry.base =
      env.Duration("SHOP_PAYMENT_RETRY_BASE", options.schedule.retry.base);
  options.schedule.retry.cap = env.Duration("SHOP_PAYMENT_RETRY_CAP", options.schedule.retry.cap);
  if (options.poll_interval <= std::chrono::milliseconds(0) ||
      options.schedule.retry.base <= std::chrono::milliseconds(0) ||
      options.schedule.retry.cap < options.schedule.retry.base) {
    throw config::ConfigError(
        "SHOP_PAYMENT_POLL_INTERVAL and SHOP_PAYMENT_RETRY_BASE must be positive and "
        "SHOP_PAYMENT_RETRY_CAP at least SHOP_PAYMENT_RETRY_BASE");
  }
  options.schedule.lease =
      ClaimLease(provider.timeout, provider.max_attempts, provider.backoff.cap);
  return options;
}

std::vector<std::unique_ptr<service::BackgroundTask>> MakePaymentWorkers(
    const WorkerOptions& options, db::ConnectionPool& pool, PaymentProvider& provider,
    PaymentMetrics& metrics, WorkSignal& wake) {
  std::vector<std::unique_ptr<service::BackgroundTask>> workers{};
  for (int i = 0; i < options.workers; ++i) {
    workers.push_back(std::make_unique<PaymentWorker>(i, options, pool, provider, metrics, wake));
  }
  return workers;
}

}  // namespace shop::payment
