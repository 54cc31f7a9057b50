#include "relay/relay_loop.hpp"

#include <set>
#include <thread>
#include <utility>
#include <vector>

#include "events/kafka/record.hpp"
#include "platform/logging/log.hpp"
#include "relay/marker.hpp"
#include "relay/outbox_statements.hpp"

namespace shop::relay {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::chrono::seconds kLockRetry{1};
constexpr std::chrono::seconds kErrorRetry{1};
constexpr std::chrono::seconds kDepthEvery{1};
// librdkafka reports every message within message.timeout.ms; the margin covers the last report.
constexpr std::chrono::seconds kDeliveryMargin{5};
// Rows remembered for sending alone; past this, a refusal in a batch parks the row at once.
constexpr std::size_t kMaxSendAlone = 10'000;

// LISTEN 'outbox' for as long as it lives; the notifications themselves only wake the loop.
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
      absent_topics_(options_.topic_grace),
      published_(metrics.GetCounter("outbox_relay_published_total",
                                    "Outbox rows acknowledged by Kafka and marked published.",
                                    kDatabaseLabel, {source_.label})),
      parked_total_(metrics.GetCounter(
          "outbox_relay_parked_total",
          "Outbox rows parked: refused by Kafka for good, or held behind such a row of their key.",
          kDatabaseLabel, {source_.label})),
      batch_duration_(metrics.GetHistogram(
          "outbox_relay_batch_duration_seconds", "Time of one read-produce-mark round.",
          metrics::DefaultLatencyBuckets(), kDatabaseLabel, {source_.label})),
      depth_(metrics.GetGauge("outbox_relay_outbox_depth",
                              "Outbox rows waiting to be published (parked rows excluded).",
                              kDatabaseLabel, {source_.label})),
      parked_rows_(metrics.GetGauge("outbox_relay_parked_rows",
                                    "Parked outbox rows waiting for an operator "
                                    "(shopctl outbox parked / retry).",
                                    kDatabaseLabel, {source_.label})),
      oldest_age_(metrics.GetGauge("outbox_relay_oldest_unpublished_age_seconds",
                                   "Age of the oldest outbox row waiting to be published.",
                                   kDatabaseLabel, {source_.label})),
      lock_held_(metrics.GetGauge("outbox_relay_lock_held",
                                  "1 while this relay is the active one for the database, 0 on "
                                  "standby.",
                                  kDatabaseLabel, {source_.label})) {}

RelayLoop::~RelayLoop() = default;

void RelayLoop::Run() {
  while (!stop_) {
    try {
      Session();
    } catch (const events::kafka::KafkaError& e) {
      CountError("kafka");
      logging::Error("relay_kafka_failed", {{"database", source_.label}, {"error", e.what()}});
    } catch (const std::exception& e) {
      // The connection is gone with its advisory lock; a standby may take over meanwhile.
      CountError("database");
      logging::Error("relay_database_failed", {{"database", source_.label}, {"error", e.what()}});
    }
    connected_ = false;
    lock_held_.Set(0);
    SleepUnlessStopped(kErrorRetry);
  }
  producer_.reset();
  logging::Info("relay_loop_stopped", {{"database", source_.label}});
}

void RelayLoop::Session() {
  pqxx::connection connection(source_.uri);
  connection.prepare(sql::kTryLockName, sql::kTryLock);
  connection.prepare(sql::kSelectBatchName, sql::kSelectBatch);
  connection.prepare(sql::kDepthName, sql::kDepth);
  connected_ = true;

  bool standby_logged = false;
  while (!stop_) {
    pqxx::nontransaction txn(connection);
    const bool held = txn.exec_prepared1(sql::kTryLockName, kRelayLockKey)[0].as<bool>();
    txn.commit();
    if (held) {
      lock_held_.Set(1);
      logging::Info("relay_active", {{"database", source_.label}});
      // Listen only now: a standby's connection must not collect the database's notifications.
      OutboxWakeup wakeup(connection);
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

void RelayLoop::RunActive(pqxx::connection& connection) {
  // Marks commit on a connection and thread of their own while the next batch is selected and
  // produced (docs/decisions/0044). Opened only now: a standby needs none.
  Marker marker(source_.uri, [this](const RoundPlan& plan) { Settled(plan); });
  auto next_depth = Clock::now();
  const auto poll_seconds = options_.poll_interval.count() / 1000;
  const auto poll_micros = (options_.poll_interval.count() % 1000) * 1000;
  while (!stop_) {
    const RoundResult round = RelayRound(connection, marker);
    if (Clock::now() >= next_depth) {
      RefreshDepth(connection);
      next_depth = Clock::now() + kDepthEvery;
    }
    // A full batch that made progress means a backlog: go on at once. Otherwise wait for a commit
    // to notify us, or for the fallback poll (a lost notification costs latency, never data).
    if (round.read == options_.batch_size && round.settled > 0) {
      continue;
    }
    if (!stop_) {
      connection.await_notification(poll_seconds, poll_micros);
    }
  }
  // Stopping: the last round's marks commit before the loop returns (a failure is thrown here).
  marker.Drain();
}

std::vector<OutboxRow> RelayLoop::SelectBatch(pqxx::connection& connection,
                                              const std::vector<std::int64_t>& in_flight) {
  pqxx::work txn(connection);
  const pqxx::result result = txn.exec_prepared(
      sql::kSelectBatchName, static_cast<long>(options_.batch_size), BigintArrayLiteral(in_flight));
  txn.commit();
  std::vector<OutboxRow> rows;
  rows.reserve(result.size());
  for (const auto& r : result) {
    rows.push_back(OutboxRow{
        .id = r[0].as<std::int64_t>(),
        .topic = r[1].as<std::string>(),
        .key = r[2].as<std::string>(),
        .payload = r[3].as<std::string>(),
        .headers = r[4].as<std::string>(),
        .parked_by =
            r[5].is_null() ? std::nullopt : std::optional<std::int64_t>(r[5].as<std::int64_t>())});
  }
  return rows;
}

std::optional<std::string> RelayLoop::ParkReason(const OutboxRow& row,
                                                 const events::kafka::ProduceFailure& failure) {
  using events::kafka::FailureKind;
  switch (failure.kind) {
    case FailureKind::kPermanent:
      CountError("permanent");
      return "Kafka refuses this event for good: " + failure.text + " (payload of " +
             std::to_string(row.payload.size()) + " bytes)";
    case FailureKind::kTopicAbsent:
      CountError("topic_absent");
      return absent_topics_.Refused(row.topic, Clock::now());
    case FailureKind::kRetry:
      CountError("delivery");
      return std::nullopt;
  }
  return std::nullopt;
}

std::map<std::int64_t, RowOutcome> RelayLoop::Send(const std::vector<OutboxRow>& rows) {
  std::map<std::int64_t, RowOutcome> outcomes;
  std::map<std::int64_t, const OutboxRow*> by_id;
  std::set<std::string> refused_keys;  // parked this round: their later rows are held, not sent
  const auto report_wait = producer_->message_timeout() + kDeliveryMargin;
  for (const OutboxRow& row : rows) {
    by_id.emplace(row.id, &row);
    if (row.parked_by || refused_keys.contains(row.key)) {
      continue;
    }
    events::KafkaMessage message{
        .topic = row.topic, .key = row.key, .value = row.payload, .headers = {}};
    try {
      message.headers = HeadersFromJson(row.headers);
    } catch (const std::invalid_argument& e) {
      CountError("permanent");  // never written by events::Outbox: someone edited the row
      outcomes[row.id].park_reason = std::string("the row is invalid: ") + e.what();
      refused_keys.insert(row.key);
      continue;
    }
    // A row the broker refused as too large while it shared a batch goes alone in a batch of its
    // own (what was queued before it is flushed first, so the order is kept).
    const bool alone = send_alone_.contains(row.id);
    if (alone) {
      producer_->AwaitDeliveries(report_wait);
    }
    if (auto failure = producer_->Enqueue(message, static_cast<std::uint64_t>(row.id))) {
      outcomes[row.id].park_reason = ParkReason(row, *failure);
      if (outcomes[row.id].park_reason) {
        refused_keys.insert(row.key);
      }
    } else if (alone) {
      producer_->AwaitDeliveries(report_wait);
    }
  }
  if (options_.after_enqueue) {
    options_.after_enqueue(*producer_);
  }
  const int missing = producer_->AwaitDeliveries(report_wait);
  if (missing > 0) {
    CountError("delivery_timeout", missing);
  }
  for (const events::kafka::Delivery& delivery : producer_->TakeDeliveries()) {
    const auto row = by_id.find(static_cast<std::int64_t>(delivery.tag));
    if (row == by_id.end()) {
      continue;  // a late report of an earlier round's row: that row was sent again since
    }
    RowOutcome& outcome = outcomes[row->first];
    if (!delivery.failure) {
      outcome.delivered = true;
      send_alone_.erase(row->first);
      absent_topics_.Delivered(row->second->topic);
    } else if (outcome.delivered) {
      continue;
    } else if (events::kafka::IsBatchSizeRefusal(delivery.failure->code) &&
               send_alone_.size() < kMaxSendAlone && send_alone_.insert(row->first).second) {
      // Maybe another record of its batch was the large one: judged alone next round.
      CountError("too_large_in_batch");
    } else {
      send_alone_.erase(row->first);
      outcome.park_reason = ParkReason(*row->second, *delivery.failure);
    }
  }
  return outcomes;
}

RelayLoop::RoundResult RelayLoop::RelayRound(pqxx::connection& connection, Marker& marker) {
  const auto started = Clock::now();
  // The previous round's rows whose marks are still on the way are skipped by id: never an id
  // cursor, so a transaction that commits late is still read.
  const std::vector<OutboxRow> rows = SelectBatch(connection, marker.InFlight());
  if (rows.empty()) {
    return {};
  }
  if (!producer_) {
    producer_ = std::make_unique<events::kafka::Producer>(options_.producer);
  }
  RoundPlan plan = PlanRound(rows, Send(rows));
  const std::size_t marks = plan.marks.size();
  const std::size_t parks = plan.parks.size();
  // Every row of a plan without parks is delivered or goes out again: the next round may run
  // while its marks commit (Submit waits for the previous round's marks first). A parked row holds
  // its key's later rows, which the next SELECT finds through parked_by: that plan must be
  // committed before the next batch is read.
  marker.Submit(std::move(plan));
  if (parks > 0) {
    marker.Drain();
  }
  if (producer_->RecoverFromFatalError()) {
    // The idempotent producer could not go on (e.g. a sequence gap); the rows it left without a
    // good report are unmarked and go out again with the new one.
    CountError("fatal");
  }
  batch_duration_.Observe(std::chrono::duration<double>(Clock::now() - started).count());
  logging::Log(
      spdlog::level::debug, "relay_round",
      {{"database", source_.label}, {"read", rows.size()}, {"marked", marks}, {"parked", parks}});
  return {.read = rows.size(), .settled = marks + parks};
}

void RelayLoop::Settled(const RoundPlan& plan) {
  published_.Inc(static_cast<double>(plan.marks.size()));
  parked_total_.Inc(static_cast<double>(plan.parks.size()));
  for (const Parking& parking : plan.parks) {
    logging::Log(parking.held ? spdlog::level::warn : spdlog::level::err,
                 parking.held ? "relay_row_held" : "relay_row_parked",
                 {{"database", source_.label},
                  {"row_id", parking.row_id},
                  {"reason", parking.reason},
                  {"action", "shopctl outbox parked; fix the cause; shopctl outbox retry"}});
  }
}

void RelayLoop::RefreshDepth(pqxx::connection& connection) {
  pqxx::work txn(connection);
  const pqxx::row row = txn.exec_prepared1(sql::kDepthName);
  txn.commit();
  depth_.Set(row[0].as<double>());
  parked_rows_.Set(row[1].as<double>());
  oldest_age_.Set(row[2].as<double>());
}

void RelayLoop::CountError(const std::string& kind, double amount) {
  metrics_
      .GetCounter("outbox_relay_errors_total", "Relay failures by kind.", {"database", "kind"},
                  {source_.label, kind})
      .Inc(amount);
}

void RelayLoop::SleepUnlessStopped(std::chrono::milliseconds duration) const {
  const auto until = Clock::now() + duration;
  while (!stop_ && Clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

}  // namespace shop::relay
