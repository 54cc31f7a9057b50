#include "events/consumer/event_consumer.hpp"

#include <algorithm>
#include <exception>
#include <optional>
#include <variant>

#include "events/consumer/error_classification.hpp"
#include "events/consumer/inbox_retention.hpp"
#include "events/consumer/kafka_message.hpp"
#include "platform/logging/log.hpp"

namespace shop::events::consumer {
namespace {

constexpr const char* kInsertProcessed =
    "INSERT INTO processed_events(consumer, event_id, processed_at) VALUES ($1, $2, now()) "
    "ON CONFLICT DO NOTHING";

constexpr int kSeekTimeoutMs = 5000;

}  // namespace

struct EventConsumer::Pending {
  std::unique_ptr<RdKafka::Message> message;
  int attempts = 0;            // processing attempts so far, all error classes
  int permanent_failures = 0;  // counted against max_attempts
  // Set once the message must be dead-lettered but the DLQ produce failed: retried as such.
  std::optional<std::pair<ErrorClass, std::string>> dead_letter;
  std::chrono::system_clock::time_point first_failed_at{};
  std::chrono::steady_clock::time_point due{};
  bool paused = false;
};

class EventConsumer::Rebalance : public RdKafka::RebalanceCb {
 public:
  explicit Rebalance(EventConsumer& owner) : owner_(owner) {}
  void rebalance_cb(RdKafka::KafkaConsumer* consumer, RdKafka::ErrorCode err,
                    std::vector<RdKafka::TopicPartition*>& partitions) override {
    if (err == RdKafka::ERR__ASSIGN_PARTITIONS) {
      consumer->assign(partitions);
      return;
    }
    // Messages held for retry on revoked partitions belong to the next owner now: drop them
    // unstored, and commit what is stored so the next owner starts right after it.
    owner_.DropPending(partitions);
    consumer->commitSync();
    consumer->unassign();
  }

 private:
  EventConsumer& owner_;
};

EventConsumer::EventConsumer(ConsumerOptions options, HandlerTable handlers,
                             db::ConnectionPool& pool, metrics::Registry& registry)
    : options_(std::move(options)),
      handlers_(std::move(handlers)),
      pool_(pool),
      metrics_(registry, options_.group_id),
      random_(std::random_device{}()),
      dead_letters_(options_.bootstrap, options_.dlq_delivery_timeout),
      rebalance_(std::make_unique<Rebalance>(*this)) {
  if (options_.group_id.empty() || options_.bootstrap.empty() || options_.max_attempts < 1) {
    throw std::invalid_argument("consumer needs a group id, a bootstrap and max_attempts >= 1");
  }
  const std::string retry_topic = RetryTopic(options_.group_id);
  if (std::find(options_.topics.begin(), options_.topics.end(), retry_topic) ==
      options_.topics.end()) {
    options_.topics.push_back(retry_topic);
  }
  consumer_ = CreateKafkaConsumer(options_, *rebalance_);
  CheckInboxRetention();
  if (const RdKafka::ErrorCode rc = consumer_->subscribe(options_.topics);
      rc != RdKafka::ERR_NO_ERROR) {
    throw std::runtime_error("kafka subscribe: " + RdKafka::err2str(rc));
  }
}

void EventConsumer::CheckInboxRetention() {
  const std::string dlq = DeadLetterTopic(options_.group_id);
  const auto retention = TopicRetention(consumer_->c_ptr(), dlq, std::chrono::seconds(10));
  if (!retention) {
    logging::Warn("inbox_retention_unchecked",
                  {{"group", options_.group_id},
                   {"dlq_topic", dlq},
                   {"reason", "the broker did not report the topic's retention.ms"}});
    return;
  }
  RequireInboxOutlivesDeadLetters(options_.inbox_retention, *retention, dlq);
}

void EventConsumer::Housekeeping() {
  const auto now = std::chrono::steady_clock::now();
  if (now >= next_lag_refresh_) {
    next_lag_refresh_ = now + options_.lag_refresh_every;
    std::vector<RdKafka::TopicPartition*> assigned;
    if (consumer_->assignment(assigned) == RdKafka::ERR_NO_ERROR && !assigned.empty()) {
      consumer_->position(assigned);
      for (const RdKafka::TopicPartition* partition : assigned) {
        std::int64_t low = 0;
        std::int64_t high = 0;
        if (consumer_->get_watermark_offsets(partition->topic(), partition->partition(), &low,
                                             &high) == RdKafka::ERR_NO_ERROR &&
            partition->offset() >= 0) {
          metrics_.SetLag(
              partition->topic(), partition->partition(),
              static_cast<double>(std::max<std::int64_t>(0, high - partition->offset())));
        }
      }
    }
    RdKafka::TopicPartition::destroy(assigned);
  }
  if (now >= next_inbox_purge_) {
    next_inbox_purge_ = now + options_.inbox_purge_every;
    try {
      if (const long purged = PurgeExpiredInbox(pool_, options_.group_id, options_.inbox_retention);
          purged > 0) {
        logging::Info("inbox_purged", {{"group", options_.group_id}, {"rows", purged}});
      }
    } catch (const std::exception& e) {
      logging::Warn("inbox_purge_failed", {{"group", options_.group_id}, {"error", e.what()}});
    }
  }
}

EventConsumer::~EventConsumer() { Close(); }

void EventConsumer::Run() {
  while (!stop_.load() && consumer_) {
    Housekeeping();
    if (Pending* due = NextDue()) {
      auto it =
          pending_.find(std::make_pair(due->message->topic_name(), due->message->partition()));
      Pending pending = std::move(*it->second);
      pending_.erase(it);
      Process(std::move(pending));
      continue;
    }
    std::unique_ptr<RdKafka::Message> message(
        consumer_->consume(static_cast<int>(options_.poll_timeout.count())));
    switch (message->err()) {
      case RdKafka::ERR_NO_ERROR:
        // A message of a partition held for retry (fetched before the pause took effect) is
        // dropped unstored: the partition is re-read from the held message on resume.
        if (pending_.count(std::make_pair(message->topic_name(), message->partition())) == 0) {
          metrics_.consumed.Inc();
          Pending pending;
          pending.message = std::move(message);
          Process(std::move(pending));
        }
        break;
      case RdKafka::ERR__TIMED_OUT:
      case RdKafka::ERR__PARTITION_EOF:
        break;
      default:
        logging::Warn("consumer_error", {{"group", options_.group_id},
                                         {"error", RdKafka::err2str(message->err())},
                                         {"detail", message->errstr()}});
        break;
    }
  }
  Close();
}

EventConsumer::Pending* EventConsumer::NextDue() {
  const auto now = std::chrono::steady_clock::now();
  for (auto& [partition, pending] : pending_) {
    if (pending->due <= now) {
      return pending.get();
    }
  }
  return nullptr;
}

void EventConsumer::Process(Pending pending) {
  ++pending.attempts;
  if (pending.dead_letter) {
    auto [error_class, error] = *pending.dead_letter;
    DeadLetter(std::move(pending), error_class, error);
    return;
  }
  RdKafka::Message& message = *pending.message;
  const DecodeResult decoded = FromKafka(KeyOf(message), ValueOf(message), HeadersOf(message));
  if (const auto* error = std::get_if<DecodeError>(&decoded)) {
    DeadLetter(std::move(pending), ErrorClass::kDecode, error->field + ": " + error->detail);
    return;
  }
  const CloudEvent& event = std::get<CloudEvent>(decoded);
  const auto handler = handlers_.find(event.type);
  if (handler == handlers_.end()) {
    DeadLetter(std::move(pending), ErrorClass::kUnknownType,
               "no handler for event type " + event.type);
    return;
  }
  try {
    const bool applied = pool_.WithTransaction([&](pqxx::work& txn) {
      const pqxx::result inserted = txn.exec_params(kInsertProcessed, options_.group_id, event.id);
      if (inserted.affected_rows() == 0) {
        return false;  // already applied by this group: a redelivery
      }
      handler->second(txn, event);
      return true;
    });
    (applied ? metrics_.applied : metrics_.duplicates).Inc();
    if (applied && IsReplay(message)) {
      metrics_.replayed.Inc();
    }
    Finish(pending);
  } catch (...) {
    std::string what;
    const ErrorClass error_class = ClassifyCurrentException(what);
    if (error_class == ErrorClass::kPermanent &&
        ++pending.permanent_failures >= options_.max_attempts) {
      DeadLetter(std::move(pending), error_class, what);
    } else {
      Retry(std::move(pending), error_class, what);
    }
  }
}

void EventConsumer::Retry(Pending pending, ErrorClass error_class, const std::string& error) {
  const auto now = std::chrono::system_clock::now();
  if (pending.attempts == 1) {
    pending.first_failed_at = now;
  }
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  const auto delay = resilience::BackoffDelay(options_.backoff, pending.attempts, unit(random_));
  pending.due = std::chrono::steady_clock::now() + delay;
  RdKafka::Message& message = *pending.message;
  metrics_.retries.Inc();
  logging::Warn("consumer_retry", {{"group", options_.group_id},
                                   {"topic", message.topic_name()},
                                   {"partition", message.partition()},
                                   {"offset", message.offset()},
                                   {"attempt", pending.attempts},
                                   {"error_class", std::string(ErrorClassName(error_class))},
                                   {"error", TruncateErrorMessage(error)},
                                   {"delay_ms", delay.count()}});
  if (!pending.paused) {
    std::vector<RdKafka::TopicPartition*> partitions{Partition(message, 0).release()};
    const RdKafka::ErrorCode rc = consumer_->pause(partitions);
    RdKafka::TopicPartition::destroy(partitions);
    pending.paused = rc == RdKafka::ERR_NO_ERROR;
    if (!pending.paused) {
      logging::Error("consumer_pause_failed",
                     {{"group", options_.group_id}, {"error", RdKafka::err2str(rc)}});
    }
  }
  std::pair<std::string, std::int32_t> key{message.topic_name(), message.partition()};
  pending_[std::move(key)] = std::make_unique<Pending>(std::move(pending));
}

void EventConsumer::DeadLetter(Pending pending, ErrorClass error_class, const std::string& error) {
  RdKafka::Message& message = *pending.message;
  const auto now = std::chrono::system_clock::now();
  DeadLetterInfo info{
      .original_topic = message.topic_name(),
      .original_partition = message.partition(),
      .original_offset = message.offset(),
      .original_timestamp = std::nullopt,
      .consumer_group = options_.group_id,
      .error_class = error_class,
      .error_message = error,
      .attempts = pending.attempts,
      .first_failed_at = pending.attempts == 1 ? now : pending.first_failed_at,
      .failed_at = now,
  };
  if (const RdKafka::MessageTimestamp ts = message.timestamp();
      ts.type != RdKafka::MessageTimestamp::MSG_TIMESTAMP_NOT_AVAILABLE) {
    info.original_timestamp =
        std::chrono::system_clock::time_point(std::chrono::milliseconds(ts.timestamp));
  }
  const KafkaMessage record{.topic = DeadLetterTopic(options_.group_id),
                            .key = KeyOf(message),
                            .value = ValueOf(message),
                            .headers = BuildDeadLetterHeaders(HeadersOf(message), info)};
  if (const auto failure = dead_letters_.Send(record)) {
    // Never store the offset of a message that is neither applied nor dead-lettered.
    pending.dead_letter = {error_class, error};
    Retry(std::move(pending), ErrorClass::kTransient, "dead-letter produce failed: " + *failure);
    return;
  }
  metrics_.dead_lettered.Inc();
  logging::Error("consumer_dead_lettered",
                 {{"group", options_.group_id},
                  {"topic", info.original_topic},
                  {"partition", info.original_partition},
                  {"offset", info.original_offset},
                  {"attempts", info.attempts},
                  {"error_class", std::string(ErrorClassName(error_class))},
                  {"error", TruncateErrorMessage(error)}});
  Finish(pending);
}

void EventConsumer::Finish(const Pending& pending) {
  const RdKafka::Message& message = *pending.message;
  std::vector<RdKafka::TopicPartition*> partitions{
      Partition(message, message.offset() + 1).release()};
  const RdKafka::ErrorCode rc = consumer_->offsets_store(partitions);
  if (rc != RdKafka::ERR_NO_ERROR) {
    // E.g. the partition was revoked meanwhile: its next owner re-delivers the message, and
    // processed_events makes that a duplicate.
    logging::Warn("consumer_offset_store_failed",
                  {{"group", options_.group_id}, {"error", RdKafka::err2str(rc)}});
  }
  if (pending.paused) {
    consumer_->resume(partitions);
    // Fetching restarts right after the finished message, whatever was prefetched before the
    // pause.
    consumer_->seek(*partitions.front(), kSeekTimeoutMs);
  }
  RdKafka::TopicPartition::destroy(partitions);
}

void EventConsumer::DropPending(const std::vector<RdKafka::TopicPartition*>& revoked) {
  for (const RdKafka::TopicPartition* partition : revoked) {
    pending_.erase(std::make_pair(partition->topic(), partition->partition()));
  }
}

void EventConsumer::Close() {
  if (!consumer_) {
    return;
  }
  pending_.clear();  // unstored: redelivered to whoever owns the partition next
  const RdKafka::ErrorCode rc = consumer_->commitSync();
  if (rc != RdKafka::ERR_NO_ERROR && rc != RdKafka::ERR__NO_OFFSET) {
    logging::Warn("consumer_commit_failed",
                  {{"group", options_.group_id}, {"error", RdKafka::err2str(rc)}});
  }
  consumer_->close();
  consumer_.reset();
}

}  // namespace shop::events::consumer
