#pragma once
// One relay loop per source database (DESIGN.md section 4).
//
// On a dedicated connection the loop takes the session-level advisory lock kRelayLockKey; while
// another relay holds it the loop is a hot standby and retries every second. While it holds the
// lock it repeats: read the oldest unpublished rows (`WHERE published_at IS NULL ORDER BY id`,
// never an id cursor, so a transaction that commits late is not skipped), produce them, wait for
// their delivery reports, and mark published only the rows the broker acknowledged. A crash in
// between re-sends rows (duplicates, which consumers drop by ce_id), never loses them. Between
// rounds it waits for a NOTIFY on channel 'outbox' or the poll interval. Published rows older than
// the retention period are deleted in batches of 1,000 every few minutes.
//
// Metrics (label database = the database name only): outbox_relay_published_total,
// outbox_relay_errors_total{kind}, outbox_relay_batch_duration_seconds,
// outbox_relay_outbox_depth, outbox_relay_oldest_unpublished_age_seconds, outbox_relay_lock_held.

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <pqxx/pqxx>
#include <string>

#include "kafka_producer.hpp"
#include "platform/metrics/registry.hpp"
#include "relay_config.hpp"

namespace shop::relay {

inline constexpr std::int64_t kRelayLockKey = 0x6f7574626f78;  // "outbox"

struct LoopOptions {
  std::size_t batch_size = 500;
  std::chrono::milliseconds poll_interval{1000};
  std::chrono::seconds retention{std::chrono::hours(24 * 7)};
  std::chrono::milliseconds cleanup_every{std::chrono::minutes(5)};
  ProducerOptions producer;
  // Test seam: called with the producer after a batch is enqueued, before its delivery reports
  // are awaited (a test raises a fatal producer error here). Empty in the relay binary.
  std::function<void(KafkaProducer&)> after_enqueue{};
};

class RelayLoop {
 public:
  // `metrics` and `stop` must outlive the loop.
  RelayLoop(SourceDatabase source, LoopOptions options, metrics::Registry& metrics,
            const std::atomic<bool>& stop);
  ~RelayLoop();
  RelayLoop(const RelayLoop&) = delete;
  RelayLoop& operator=(const RelayLoop&) = delete;

  // Runs until `stop` is set, then finishes the current round (waits for its delivery reports and
  // marks what was delivered) and returns. Never throws: database and Kafka failures are logged,
  // counted and retried after a second.
  void Run();

 private:
  void Session();
  bool TryLock(pqxx::connection& connection);
  void RunActive(pqxx::connection& connection);
  struct RoundResult {
    std::size_t read = 0;
    std::size_t marked = 0;
  };
  RoundResult RelayRound(pqxx::connection& connection);
  void RefreshDepth(pqxx::connection& connection);
  void DeleteExpired(pqxx::connection& connection);
  void CountError(const std::string& kind, double amount = 1);
  void SleepUnlessStopped(std::chrono::milliseconds duration) const;

  SourceDatabase source_;
  LoopOptions options_;
  metrics::Registry& metrics_;
  const std::atomic<bool>& stop_;
  std::unique_ptr<KafkaProducer> producer_;  // created on first use, recreated after a fatal error

  metrics::Counter& published_;
  metrics::Histogram& batch_duration_;
  metrics::Gauge& depth_;
  metrics::Gauge& oldest_age_;
  metrics::Gauge& lock_held_;
};

}  // namespace shop::relay
