#pragma once
// The consumer runtime (DESIGN.md section 5): consumes a group's source topics and `<group>.retry`
// message by message and applies each CloudEvent through a handler, at least once, effectively
// once in Postgres.
//
// Delivery contract:
// - The handler runs inside one transaction that also inserts (group, ce_id) into
//   processed_events (events/consumer/processed_events.sql). An event already there is a
//   duplicate: the handler is not called. The offset is stored only after that commit, so a crash
//   means redelivery, never loss; offsets are committed by auto-commit, on rebalance and in Stop().
// - Transient failures (db::DatabaseUnavailable, pqxx::broken_connection, serialization failures,
//   deadlocks, statement timeouts, TransientError): the partition is paused and the same message
//   retried in place with backoff until it succeeds; messages are never skipped. Other partitions
//   keep flowing.
// - Permanent failures (PermanentError, a PayloadError of data that does not follow its schema, or
//   any other exception from the handler): retried in place up to max_attempts, then
//   dead-lettered. Undecodable messages and types with no handler are dead-lettered at once. A
//   dead-lettered message's offset is stored only after `<group>.dlq` acknowledged it; a failing
//   DLQ produce is retried like a transient error (after a fatal error of the idempotent producer,
//   with a new producer). A dead letter the broker refuses as too large goes out truncated:
//   original headers, the reason, the value's size and SHA-256, no value (dead_letter.hpp).
// - A rebalance never leaves a partition paused: a revoked partition's held message is dropped
//   unstored (its next owner reads it again) and every assigned partition is resumed, since
//   librdkafka 2.0.2 keeps an application pause across unassign/assign.
// - Handlers must be idempotent per transaction (they may run again after a rollback) and should
//   make versioned upserts, since events can arrive out of order across topics.
//
// Thread-safety: Run() blocks the calling thread; Stop() may be called from any thread.

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <pqxx/pqxx>
#include <random>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "events/cloud_event.hpp"
#include "events/consumer/consumer_metrics.hpp"
#include "events/consumer/dead_letter.hpp"
#include "events/consumer/handler_table.hpp"
#include "events/kafka/client.hpp"
#include "events/kafka/producer.hpp"
#include "platform/db/pool.hpp"
#include "platform/metrics/registry.hpp"
#include "platform/resilience/backoff.hpp"

namespace shop::events::consumer {

// A handler's rejection of an event that no retry can fix (e.g. a schema violation).
class PermanentError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A handler's failure that a later retry may fix (e.g. a dependency timed out).
class TransientError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ConsumerOptions {
  std::string group_id;
  std::string bootstrap;
  // client.id, so Kafka's own tools show who is who: the service's name ("product"). Default: the
  // group id.
  std::string client_id{};
  // group.instance.id (static membership) when not empty: a restarted instance with the same id
  // gets its partitions back at once. Must be unique among the live members of the group.
  std::string instance_id{};
  // A member that stops heart-beating (killed) loses its partitions after this long.
  std::chrono::milliseconds session_timeout{10000};
  // Source topics. Empty (services): the handler table's, HandlerTable::Topics(); tests name their
  // own. `<group>.retry` is added when missing.
  std::vector<std::string> topics;
  int max_attempts = 5;  // permanent failures before dead-lettering
  resilience::BackoffPolicy backoff;
  std::chrono::milliseconds poll_timeout{100};
  std::chrono::milliseconds dlq_delivery_timeout{30000};
  // Extra librdkafka consumer settings (e.g. session.timeout.ms). auto.offset.reset defaults to
  // earliest: a new group must not miss events already in the topic.
  std::map<std::string, std::string> kafka_settings;
  // processed_events rows of the group older than this are purged every inbox_purge_every. Must
  // be longer than `<group>.dlq`'s retention.ms: the constructor checks it with the broker and
  // refuses a shorter one (when the broker cannot tell within 10 s, it logs and goes on).
  std::chrono::milliseconds inbox_retention{std::chrono::hours(24 * 30)};
  std::chrono::milliseconds inbox_purge_every{std::chrono::minutes(10)};
  std::chrono::milliseconds lag_refresh_every{std::chrono::seconds(5)};
  // Test seam: called with the dead-letter producer before each dead letter is sent (a test
  // raises a fatal producer error here). Empty in services.
  std::function<void(kafka::Producer&)> before_dead_letter{};
};

class EventConsumer {
 public:
  // Subscribes at once. Throws std::invalid_argument on bad options, std::runtime_error when
  // librdkafka refuses a setting or the subscription, or when the inbox retention is not longer
  // than the dead-letter topic's.
  EventConsumer(ConsumerOptions options, HandlerTable handlers, db::ConnectionPool& pool,
                metrics::Registry& registry);
  ~EventConsumer();  // closes the consumer if Run() did not
  EventConsumer(const EventConsumer&) = delete;
  EventConsumer& operator=(const EventConsumer&) = delete;

  // Consumes until Stop(); then finishes the current message, commits stored offsets and closes.
  void Run();
  void Stop() { stop_.store(true); }

 private:
  struct Pending;  // a message being retried in place on its paused partition

  void Process(Pending pending);
  void Retry(Pending pending, ErrorClass error_class, const std::string& error);
  void DeadLetter(Pending pending, ErrorClass error_class, const std::string& error);
  void Finish(const Pending& pending);  // stores the offset, resumes a paused partition
  Pending* NextDue();
  void OnRebalance(rd_kafka_t* rk, rd_kafka_resp_err_t error,
                   rd_kafka_topic_partition_list_t* partitions);
  void CheckInboxRetention();
  void Housekeeping();  // lag gauges and inbox purge, each on its own period
  void Close();

  ConsumerOptions options_;
  HandlerTable handlers_;
  db::ConnectionPool& pool_;
  ConsumerMetrics metrics_;
  std::chrono::steady_clock::time_point next_lag_refresh_{};
  std::chrono::steady_clock::time_point next_inbox_purge_{};
  std::mt19937_64 random_;
  std::atomic<bool> stop_{false};
  std::map<std::pair<std::string, std::int32_t>, std::unique_ptr<Pending>> pending_;
  kafka::Producer dead_letters_;
  kafka::ClientObserver observer_;  // declared before consumer_: outlives its callbacks
  kafka::HandlePtr consumer_;       // null once closed
};

}  // namespace shop::events::consumer
