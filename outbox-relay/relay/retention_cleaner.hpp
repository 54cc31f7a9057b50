#pragma once
// Deletes published outbox rows older than the retention period (DESIGN.md section 4), on a
// thread and a connection of its own so that cleanup never delays publishing. Every
// `every`, it deletes in batches of 1,000 (sql::kDeleteExpired: the published_at index, then by
// ctid, so each batch reads only what it deletes) until a batch comes back short. Two relays on
// one database do not clean at once: a pass runs under the advisory lock kCleanupLockKey.
//
// Metrics (label database): outbox_relay_retention_deleted_total, and
// outbox_relay_errors_total{kind="cleanup"} when a pass fails (it is tried again next period).

#include <atomic>
#include <chrono>
#include <cstdint>

#include "platform/metrics/registry.hpp"
#include "relay/relay_config.hpp"

namespace shop::relay {

inline constexpr std::int64_t kCleanupLockKey = 0x6f7574636c6e;  // "outcln"

class RetentionCleaner {
 public:
  // `metrics` and `stop` must outlive the cleaner.
  RetentionCleaner(SourceDatabase source, std::chrono::seconds retention,
                   std::chrono::milliseconds every, metrics::Registry& metrics,
                   const std::atomic<bool>& stop);

  // Runs a pass every period until `stop` is set. Never throws.
  void Run();
  // One pass; returns the rows deleted, or -1 when another relay was cleaning. Throws on database
  // errors.
  long Pass();

 private:
  SourceDatabase source_;
  std::chrono::seconds retention_;
  std::chrono::milliseconds every_;
  metrics::Registry& metrics_;
  const std::atomic<bool>& stop_;
  metrics::Counter& deleted_;
};

}  // namespace shop::relay
