#pragma once
// One relay loop per source database (DESIGN.md section 4).
//
// On a dedicated connection the loop takes the session-level advisory lock kRelayLockKey; while
// another relay holds it the loop is a hot standby: it retries every second and does not LISTEN
// (a standby that listened would pile up every NOTIFY of the database in memory). Once it holds
// the lock it LISTENs on 'outbox' and repeats: read the oldest rows neither published nor parked
// (`ORDER BY id`, never an id cursor, so a transaction that commits late is not skipped), produce
// them, wait for their delivery reports, and hand the round's plan to a Marker (relay/marker.hpp,
// docs/decisions/0044), which in one transaction on a connection of its own marks published the
// rows the broker acknowledged and parks the rows it refuses for good (too large, invalid, a topic
// absent past the grace period) with their reason, while the loop reads and produces the next
// batch (skipping the rows whose marks are still in flight; a round that parks waits for them). The
// later rows of a parked row's key are held behind it (parked too) so a key's events stay in order;
// other keys keep flowing (docs/decisions/0022). A crash in between re-sends rows (duplicates,
// which consumers drop by ce_id), never loses them. Between rounds it waits for a NOTIFY or the
// poll interval. Published rows past the retention period are deleted by a RetentionCleaner on a
// thread and a connection of its own, so cleanup never delays publishing.
//
// Metrics (label database = the database name only): outbox_relay_published_total,
// outbox_relay_parked_total, outbox_relay_errors_total{kind}, outbox_relay_batch_duration_seconds,
// outbox_relay_outbox_depth (waiting rows, parked ones excluded), outbox_relay_parked_rows,
// outbox_relay_oldest_unpublished_age_seconds, outbox_relay_lock_held; the producer's
// kafka_producer_* and kafka_client_errors_total (client outbox-relay).

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <pqxx/pqxx>
#include <set>
#include <string>

#include "events/kafka/producer.hpp"
#include "platform/metrics/registry.hpp"
#include "relay/absent_topics.hpp"
#include "relay/marker.hpp"
#include "relay/outbox_batch.hpp"
#include "relay/relay_config.hpp"

namespace shop::relay {

inline constexpr std::int64_t kRelayLockKey = 0x6f7574626f78;  // "outbox"

struct LoopOptions {
  std::size_t batch_size = 500;
  std::chrono::milliseconds poll_interval{1000};
  std::chrono::seconds retention{std::chrono::hours(24 * 7)};
  std::chrono::milliseconds cleanup_every{std::chrono::minutes(5)};
  std::chrono::milliseconds topic_grace{std::chrono::minutes(5)};
  events::kafka::ProducerOptions producer{};
  // Test seam: called with the producer after a batch is enqueued, before its delivery reports
  // are awaited (a test raises a fatal producer error here). Empty in the relay binary.
  std::function<void(events::kafka::Producer&)> after_enqueue{};
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

  // True while a session with the source database is open, active or standby (the relay's /ready);
  // false before the first connection and from a failure until the next session starts.
  bool Connected() const { return connected_.load(); }
  const SourceDatabase& Source() const { return source_; }

 private:
  struct RoundResult {
    std::size_t read = 0;
    std::size_t settled = 0;  // marked published or parked
  };

  void Session();
  void RunActive(pqxx::connection& connection);
  RoundResult RelayRound(pqxx::connection& connection, Marker& marker);
  std::vector<OutboxRow> SelectBatch(pqxx::connection& connection,
                                     const std::vector<std::int64_t>& in_flight);
  std::map<std::int64_t, RowOutcome> Send(const std::vector<OutboxRow>& rows);
  std::optional<std::string> ParkReason(const OutboxRow& row,
                                        const events::kafka::ProduceFailure& failure);
  // Counts and logs a committed plan (on the marker's thread).
  void Settled(const RoundPlan& plan);
  void RefreshDepth(pqxx::connection& connection);
  void CountError(const std::string& kind, double amount = 1);
  void SleepUnlessStopped(std::chrono::milliseconds duration) const;

  SourceDatabase source_;
  LoopOptions options_;
  metrics::Registry& metrics_;
  const std::atomic<bool>& stop_;
  AbsentTopics absent_topics_;
  // Rows the broker refused as too large in a shared batch: the broker refuses the whole batch for
  // one large record, so each is sent once more alone before it is judged (and parked).
  std::set<std::int64_t> send_alone_;
  // Created on first use; replaced after a fatal error.
  std::unique_ptr<events::kafka::Producer> producer_;
  std::atomic<bool> connected_{false};

  metrics::Counter& published_;
  metrics::Counter& parked_total_;
  metrics::Histogram& batch_duration_;
  metrics::Gauge& depth_;
  metrics::Gauge& parked_rows_;
  metrics::Gauge& oldest_age_;
  metrics::Gauge& lock_held_;
};

}  // namespace shop::relay
