#include "order/tasks/deadline_scanner.hpp"

#include <atomic>
#include <semaphore>

#include "order/store/order_store.hpp"
#include "platform/logging/log.hpp"

namespace shop::order {
namespace {

void PublishOverdue(metrics::Registry& metrics, const OverdueOrders& overdue) {
  metrics
      .GetGauge("order_saga_overdue_orders",
                "Orders past their saga deadline that still wait, after the scanner's last pass")
      .Set(static_cast<double>(overdue.count));
  metrics
      .GetGauge("order_saga_oldest_overdue_seconds",
                "How far past its deadline the oldest still-waiting order is (0: none)")
      .Set(overdue.oldest_seconds);
}

struct BatchResult {
  int taken = 0;
  std::vector<CancelReason> cancelled;
};

BatchResult CancelBatch(db::ConnectionPool& pool, const OrderTransitions& transitions, int batch) {
  return pool.WithTransaction([&](pqxx::work& txn) {
    BatchResult result;
    std::vector<Order> due = LockOrdersPastDeadline(txn, batch);
    result.taken = static_cast<int>(due.size());
    for (Order& order : due) {
      const Outcome outcome =
          transitions.Apply(txn, std::move(order), OrderInput::kDeadlinePassed, {});
      if (outcome.decision.kind != Decision::Kind::kApply) {
        // A deadline left on an order that no longer waits: dropped, so no pass takes it again.
        ClearDeadline(txn, outcome.order.id);
      } else if (outcome.order.cancel_reason) {
        result.cancelled.push_back(*outcome.order.cancel_reason);
        logging::Info("order_deadline_passed",
                      {{"order_id", outcome.order.id},
                       {"reason", ReasonName(*outcome.order.cancel_reason)},
                       {"version", outcome.order.version}});
      }
    }
    return result;
  });
}

class DeadlineScanner final : public service::BackgroundTask {
 public:
  DeadlineScanner(db::ConnectionPool& pool, const OrderTransitions& transitions,
                  metrics::Registry& metrics, std::chrono::milliseconds every)
      : pool_(pool), transitions_(transitions), metrics_(metrics), every_(every) {
    PublishOverdue(metrics_, {});  // the series exist from the start, at 0
  }

  std::string Name() const override { return "deadline-scanner"; }

  void Run() override {
    do {
      try {
        CancelOrdersPastDeadline(pool_, transitions_, metrics_);
      } catch (const std::exception& e) {
        logging::Warn("deadline_scan_failed", {{"error", e.what()}});
      }
      try {
        MeasureOverdueOrders(pool_, metrics_);
      } catch (const std::exception& e) {
        logging::Warn("deadline_measure_failed", {{"error", e.what()}});
      }
    } while (!stop_.try_acquire_for(every_));
  }

  void Stop() override {
    if (!stopping_.exchange(true)) {
      stop_.release();  // once: a binary semaphore must not be released twice
    }
  }

 private:
  db::ConnectionPool& pool_;
  const OrderTransitions& transitions_;
  metrics::Registry& metrics_;
  const std::chrono::milliseconds every_;
  std::atomic<bool> stopping_{false};
  std::binary_semaphore stop_{0};
};

}  // namespace

int CancelOrdersPastDeadline(db::ConnectionPool& pool, const OrderTransitions& transitions,
                             metrics::Registry& metrics, int batch) {
  int cancelled = 0;
  for (BatchResult result{.taken = batch, .cancelled = {}}; result.taken == batch;) {
    result = CancelBatch(pool, transitions, batch);
    // Counted after the commit, so a rolled-back batch counts nothing.
    for (const CancelReason reason : result.cancelled) {
      metrics
          .GetCounter("order_deadline_cancellations_total",
                      "Orders the deadline scanner cancelled, by reason", {"reason"},
                      {std::string(ReasonName(reason))})
          .Inc();
    }
    cancelled += static_cast<int>(result.cancelled.size());
  }
  return cancelled;
}

OverdueOrders MeasureOverdueOrders(db::ConnectionPool& pool, metrics::Registry& metrics) {
  const OverdueOrders overdue =
      pool.WithTransaction([](pqxx::work& txn) { return CountOrdersPastDeadline(txn); });
  PublishOverdue(metrics, overdue);
  return overdue;
}

std::chrono::milliseconds ScanEvery(const config::EnvConfig& env) {
  const std::chrono::milliseconds every =
      env.Duration("SHOP_ORDER_SCAN_EVERY", std::chrono::seconds(1));
  if (every < std::chrono::milliseconds(10)) {
    throw config::ConfigError("SHOP_ORDER_SCAN_EVERY must be at least 10ms");
  }
  return every;
}

std::unique_ptr<service::BackgroundTask> MakeDeadlineScanner(service::ServiceContext& context,
                                                             const OrderTransitions& transitions) {
  return std::make_unique<DeadlineScanner>(context.pool, transitions, context.metrics,
                                           ScanEvery(context.config));
}

}  // namespace shop::order
