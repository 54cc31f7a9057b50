#include "relay_loop.hpp"

#include <thread>
#include <utility>
#include <vector>

#include "platform/logging/log.hpp"

namespace shop::relay {
namespace {

constexpr const char* kTryLock = "relay_try_lock";
constexpr const char* kTryLockSql = "SELECT pg_try_advisory_lock($1)";
constexpr const char* kSelectBatch = "relay_select_batch";
constexpr const char* kSelectBatchSql =
    "SELECT id, topic, key, payload::text, headers::text FROM outbox "
    "WHERE published_at IS NULL ORDER BY id LIMIT $1";
constexpr const char* kMarkPublished = "relay_mark_published";
constexpr const char* kMarkPublishedSql =
    "UPDATE outbox SET published_at = now() WHERE id = ANY($1::bigint[]) AND published_at IS NULL";
constexpr const char* kDepth = "relay_depth";
constexpr const char* kDepthSql =
    "SELECT count(*), COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)::float8 "
    "FROM outbox WHERE published_at IS NULL";
constexpr const char* kDeleteExpired = "relay_delete_expired";
constexpr const char* kDeleteExpiredSql =
    "DELETE FROM outbox WHERE id IN (SELECT id FROM outbox "
    "WHERE published_at < now() - make_interval(secs => $1::float8) ORDER BY id LIMIT 1000)";
constexpr long kDeleteBatch = 1000;

constexpr std::chrono::seconds kLockRetry{1};
constexpr std::chrono::seconds kErrorRetry{1};
constexpr std::chrono::seconds kDepthEvery{1};
// librdkafka reports every message within message.timeout.ms; the margin covers the last report.
constexpr std::chrono::seconds kDeliveryMargin{5};

// Counts NOTIFYs on channel 'outbox'; LISTEN is issued on construction.
class OutboxWakeup : public pqxx::notification_receiver {
 public:
  explicit OutboxWakeup(pqxx::connection& connection)
      : pqxx::notification_receiver(connection, "outbox") {}
  void operator()(const std::string&, int) override {}
};

const std::vector<std::string> kDatabaseLabel{"database"};

}  // namespace

RelayLoop::RelayLoop(SourceDatabase source, LoopOptions options, metrics::Registry& metrics,
                     const std::atomic<bool>& stop)
    : source_(std::move(source)),
      options_(std::move(options)),
      metrics_(metrics),
      stop_(stop),
      published_(metrics.GetCounter("outbox_relay_published_total",
                                    "Outbox rows acknowledged by Kafka and marked published.",
                                    kDatabaseLabel, {source_.label})),
      batch_duration_(metrics.GetHistogram(
          "outbox_relay_batch_duration_seconds", "Time of one read-produce-mark round.",
          metrics::DefaultLatencyBuckets(), kDatabaseLabel, {source_.label})),
      depth_(metrics.GetGauge("outbox_relay_outbox_depth", "Unpublished outbox rows.",
                              kDatabaseLabel, {source_.label})),
      oldest_age_(metrics.GetGauge("outbox_relay_oldest_unpublished_age_seconds",
                                   "Age of the oldest unpublished outbox row.", kDatabaseLabel,
                                   {source_.label})),
      lock_held_(metrics.GetGauge("outbox_relay_lock_held",
                                  "1 while this relay is the active one for the database, 0 on "
                                  "standby.",
                                  kDatabaseLabel, {source_.label})) {}

RelayLoop::~RelayLoop() = default;

void RelayLoop::Run() {
  while (!stop_) {
    try {
      Session();
    } catch (const KafkaError& e) {
      CountError("kafka");
      logging::Error("relay_kafka_failed", {{"database", source_.label}, {"error", e.what()}});
    } catch (const std::exception& e) {
      // The connection is gone with its advisory lock; a standby may take over meanwhile.
      CountError("database");
      logging::Error("relay_database_failed", {{"database", source_.label}, {"error", e.what()}});
    }
    lock_held_.Set(0);
    SleepUnlessStopped(kErrorRetry);
  }
  producer_.reset();
  logging::Info("relay_loop_stopped", {{"database", source_.label}});
}

void RelayLoop::Session() {
  pqxx::connection connection(source_.uri);
  connection.prepare(kTryLock, kTryLockSql);
  connection.prepare(kSelectBatch, kSelectBatchSql);
  connection.prepare(kMarkPublished, kMarkPublishedSql);
  connection.prepare(kDepth, kDepthSql);
  connection.prepare(kDeleteExpired, kDeleteExpiredSql);
  OutboxWakeup wakeup(connection);

  bool standby_logged = false;
  while (!stop_) {
    if (TryLock(connection)) {
      lock_held_.Set(1);
      logging::Info("relay_active", {{"database", source_.label}});
      RunActive(connection);
      return;
    }
    lock_held_.Set(0);
    if (!standby_logged) {
      logging::Info("relay_standby", {{"database", source_.label},
                                      {"reason", "another relay holds the advisory lock"}});
      standby_logged = true;
    }
    SleepUnlessStopped(kLockRetry);
  }
}

bool RelayLoop::TryLock(pqxx::connection& connection) {
  pqxx::nontransaction txn(connection);
  const bool held = txn.exec_prepared(kTryLock, kRelayLockKey)[0][0].as<bool>();
  txn.commit();
  return held;
}

void RelayLoop::RunActive(pqxx::connection& connection) {
  using Clock = std::chrono::steady_clock;
  auto next_depth = Clock::now();
  auto next_cleanup = Clock::now();
  const auto poll_seconds = options_.poll_interval.count() / 1000;
  const auto poll_micros = (options_.poll_interval.count() % 1000) * 1000;
  while (!stop_) {
    const RoundResult round = RelayRound(connection);
    if (Clock::now() >= next_depth) {
      RefreshDepth(connection);
      next_depth = Clock::now() + kDepthEvery;
    }
    if (Clock::now() >= next_cleanup) {
      DeleteExpired(connection);
      next_cleanup = Clock::now() + options_.cleanup_every;
    }
    // A full batch that made progress means a backlog: go on at once. Otherwise wait for a commit
    // to notify us, or for the fallback poll (a lost notification costs latency, never data).
    if (round.read == options_.batch_size && round.marked > 0) {
      continue;
    }
    if (!stop_) {
      connection.await_notification(poll_seconds, poll_micros);
    }
  }
}

RelayLoop::RoundResult RelayLoop::RelayRound(pqxx::connection& connection) {
  const auto started = std::chrono::steady_clock::now();
  std::vector<OutboxRow> rows;
  {
    pqxx::work txn(connection);
    const pqxx::result result =
        txn.exec_prepared(kSelectBatch, static_cast<long>(options_.batch_size));
    txn.commit();
    rows.reserve(result.size());
    for (const auto& r : result) {
      rows.push_back(OutboxRow{.id = r[0].as<std::int64_t>(),
                               .topic = r[1].as<std::string>(),
                               .key = r[2].as<std::string>(),
                               .payload = r[3].as<std::string>(),
                               .headers = r[4].as<std::string>()});
    }
  }
  if (rows.empty()) {
    return {};
  }
  if (!producer_) {
    producer_ = std::make_unique<KafkaProducer>(options_.producer);
  }
  for (const OutboxRow& row : rows) {
    try {
      if (auto error = producer_->Produce(row, HeadersFromJson(row.headers))) {
        CountError("produce");
        logging::Warn("relay_produce_failed",
                      {{"database", source_.label}, {"row_id", row.id}, {"error", *error}});
      }
    } catch (const std::invalid_argument& e) {
      // Never written by events::Outbox; left unmarked for an operator to repair.
      CountError("bad_row");
      logging::Error("relay_bad_row",
                     {{"database", source_.label}, {"row_id", row.id}, {"error", e.what()}});
    }
  }
  if (options_.after_enqueue) {
    options_.after_enqueue(*producer_);
  }
  const int missing =
      producer_->AwaitDeliveries(options_.producer.message_timeout + kDeliveryMargin);
  if (missing > 0) {
    CountError("delivery_timeout", missing);
  }
  const std::vector<DeliveryReport> reports = producer_->TakeReports();
  for (const DeliveryReport& report : reports) {
    if (!report.delivered) {
      CountError("delivery");
    }
  }
  const std::vector<std::int64_t> marks = RowsToMark(rows, reports);
  if (!marks.empty()) {
    pqxx::work txn(connection);
    txn.exec_prepared(kMarkPublished, BigintArrayLiteral(marks));
    txn.commit();
    published_.Inc(static_cast<double>(marks.size()));
  }
  if (auto fatal = producer_->Fatal()) {
    // The idempotent producer cannot go on (e.g. a sequence gap); unmarked rows go out again with
    // the new one.
    CountError("fatal");
    logging::Error("relay_producer_fatal", {{"database", source_.label}, {"error", *fatal}});
    producer_.reset();
  }
  batch_duration_.Observe(
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  logging::Log(spdlog::level::debug, "relay_round",
               {{"database", source_.label}, {"read", rows.size()}, {"marked", marks.size()}});
  return {.read = rows.size(), .marked = marks.size()};
}

void RelayLoop::RefreshDepth(pqxx::connection& connection) {
  pqxx::work txn(connection);
  const pqxx::result result = txn.exec_prepared(kDepth);
  txn.commit();
  depth_.Set(result[0][0].as<double>());
  oldest_age_.Set(result[0][1].as<double>());
}

void RelayLoop::DeleteExpired(pqxx::connection& connection) {
  const auto retention_seconds = static_cast<double>(options_.retention.count());
  long total = 0;
  while (!stop_) {
    pqxx::work txn(connection);
    const long deleted =
        static_cast<long>(txn.exec_prepared(kDeleteExpired, retention_seconds).affected_rows());
    txn.commit();
    total += deleted;
    if (deleted < kDeleteBatch) {
      break;
    }
  }
  if (total > 0) {
    logging::Info("relay_retention_deleted", {{"database", source_.label}, {"rows", total}});
  }
}

void RelayLoop::CountError(const std::string& kind, double amount) {
  metrics_
      .GetCounter("outbox_relay_errors_total", "Relay failures by kind.", {"database", "kind"},
                  {source_.label, kind})
      .Inc(amount);
}

void RelayLoop::SleepUnlessStopped(std::chrono::milliseconds duration) const {
  const auto until = std::chrono::steady_clock::now() + duration;
  while (!stop_ && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

}  // namespace shop::relay
