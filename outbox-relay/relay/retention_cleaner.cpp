#include "relay/retention_cleaner.hpp"

#include <pqxx/pqxx>
#include <thread>

#include "platform/logging/log.hpp"
#include "relay/outbox_statements.hpp"

namespace shop::relay {

RetentionCleaner::RetentionCleaner(SourceDatabase source, std::chrono::seconds retention,
                                   std::chrono::milliseconds every, metrics::Registry& metrics,
                                   const std::atomic<bool>& stop)
    : source_(std::move(source)),
      retention_(retention),
      every_(every),
      metrics_(metrics),
      stop_(stop),
      deleted_(metrics.GetCounter("outbox_relay_retention_deleted_total",
                                  "Published outbox rows deleted after the retention period.",
                                  {"database"}, {source_.label})) {}

void RetentionCleaner::Run() {
  auto next = std::chrono::steady_clock::now();
  while (!stop_) {
    if (std::chrono::steady_clock::now() >= next) {
      try {
        Pass();
      } catch (const std::exception& e) {
        metrics_
            .GetCounter("outbox_relay_errors_total", "Relay failures by kind.",
                        {"database", "kind"}, {source_.label, "cleanup"})
            .Inc();
        logging::Warn("relay_cleanup_failed", {{"database", source_.label}, {"error", e.what()}});
      }
      next = std::chrono::steady_clock::now() + every_;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

long RetentionCleaner::Pass() {
  pqxx::connection connection(source_.uri);
  connection.prepare(sql::kTryLockName, sql::kTryLock);
  connection.prepare(sql::kUnlockName, sql::kUnlock);
  connection.prepare(sql::kDeleteExpiredName, sql::kDeleteExpired);
  if (!pqxx::nontransaction(connection)
           .exec_prepared1(sql::kTryLockName, kCleanupLockKey)[0]
           .as<bool>()) {
    return -1;
  }
  const auto retention_seconds = static_cast<double>(retention_.count());
  long total = 0;
  while (!stop_) {
    pqxx::work txn(connection);
    const long deleted = static_cast<long>(
        txn.exec_prepared(sql::kDeleteExpiredName, retention_seconds).affected_rows());
    txn.commit();
    total += deleted;
    deleted_.Inc(static_cast<double>(deleted));
    if (deleted < sql::kDeleteExpiredBatch) {
      break;
    }
  }
  pqxx::nontransaction(connection).exec_prepared(sql::kUnlockName, kCleanupLockKey);
  if (total > 0) {
    logging::Info("relay_retention_deleted", {{"database", source_.label}, {"rows", total}});
  }
  return total;
}

}  // namespace shop::relay
