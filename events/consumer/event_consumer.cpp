#include "events/consumer/event_consumer.hpp"

#include <algorithm>
#include <exception>
#include <optional>
#include <variant>

#include "events/consumer/error_classification.hpp"
#include "events/consumer/inbox_retention.hpp"
#include "events/consumer/kafka_message.hpp"
#include "events/kafka/record.hpp"
#include "platform/logging/log.hpp"

namespace shop::events::consumer {
namespace {

constexpr const char* kInsertProcessed =
    "INSERT INTO processed_events(consumer, event_id, processed_at) VALUES ($1, $2, now()) "
    "ON CONFLICT DO NOTHING";

constexpr int kSeekTimeoutMs = 5000;

std::string ProducerClientId(const ConsumerOptions& options) {
  return (options.client_id.empty() ? options.group_id : options.client_id) + ".dead-letters";
}

}  // namespace

struct EventConsumer::Pending {
  kafka::MessagePtr message;
  int attempts = 0;            // processing attempts so far, all error classes
  int permanent_failures = 0;  // counted against max_attempts
  // Set once the message must be dead-lettered but the DLQ produce failed: retried as such.
  std::optional<std::pair<ErrorClass, std::string>> dead_letter;
  std::chrono::system_clock::time_point first_failed_at{};
  std::chrono::steady_clock::time_point due{};
  bool paused = false;

  std::string topic() const { return kafka::TopicOf(*message); }
  std::int32_t partition() const { return message->partition; }
  std::int64_t offset() const { return message->offset; }
};

EventConsumer::EventConsumer(ConsumerOptions options, HandlerTable handlers,
                             db::ConnectionPool& pool, metrics::Registry& registry)
    : options_(std::move(options)),
      handlers_(std::move(handlers)),
      pool_(pool),
      metrics_(registry, options_.group_id),
      random_(std::random_device{}()),
      dead_letters_(kafka::ProducerOptions{.client = {.bootstrap = options_.bootstrap,
                                                      .client_id = ProducerClientId(options_),
                                                      .settings = options_.kafka_settings,
                                                      .metrics = &registry},
                                           .message_timeout = options_.dlq_delivery_timeout}),
      observer_(kafka::ClientOptions{
          .bootstrap = options_.bootstrap,
          .client_id = options_.client_id.empty() ? options_.group_id : options_.client_id,
          .metrics = &registry}) {
  if (options_.group_id.empty() || options_.bootstrap.empty() || options_.max_attempts < 1) {
    throw std::invalid_argument("consumer needs a group id, a bootstrap and max_attempts >= 1");
  }
  if (options_.topics.empty()) {
    options_.topics = handlers_.Topics();
  }
  const std::string retry_topic = RetryTopic(options_.group_id);
  if (std::find(options_.topics.begin(), options_.topics.end(), retry_topic) ==
      options_.topics.end()) {
    options_.topics.push_back(retry_topic);
  }
  observer_.on_rebalance = [this](rd_kafka_t* rk, rd_kafka_resp_err_t error,
                                  rd_kafka_topic_partition_list_t* partitions) {
    OnRebalance(rk, error, partitions);
  };
  consumer_ = NewKafkaConsumer(options_, observer_);
  CheckInboxRetention();
  kafka::PartitionListPtr topics(
      rd_kafka_topic_partition_list_new(static_cast<int>(options_.topics.size())));
  for (const std::string& topic : options_.topics) {
    rd_kafka_topic_partition_list_add(topics.get(), topic.c_str(), RD_KAFKA_PARTITION_UA);
  }
  if (const rd_kafka_resp_err_t err = rd_kafka_subscribe(consumer_.get(), topics.get())) {
    throw std::runtime_error(std::string("kafka subscribe: ") + rd_kafka_err2str(err));
  }
}

void EventConsumer::OnRebalance(rd_kafka_t* rk, rd_kafka_resp_err_t error,
                                rd_kafka_topic_partition_list_t* partitions) {
  if (error == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
    rd_kafka_assign(rk, partitions);
    // An application pause survives unassign/assign in librdkafka 2.0.2: a partition paused for a
    // retry before a rebalance would stay paused for good. Nothing is held for a partition just
    // assigned, so each one is read.
    rd_kafka_resume_partitions(rk, partitions);
    metrics_.SetAssigned(partitions->cnt);
    logging::Info("consumer_assigned",
                  {{"group", options_.group_id}, {"partitions", partitions->cnt}});
    return;
  }
  // Messages held for retry on revoked partitions belong to the next owner now: drop them
  // unstored (the next owner reads them again) and resume their partitions; commit what is stored
  // so the next owner starts right after it.
  for (int i = 0; i < partitions->cnt; ++i) {
    const rd_kafka_topic_partition_t& partition = partitions->elems[i];
    pending_.erase(std::make_pair(std::string(partition.topic), partition.partition));
  }
  rd_kafka_resume_partitions(rk, partitions);
  if (const rd_kafka_resp_err_t err = rd_kafka_commit(rk, nullptr, 0);
      err != RD_KAFKA_RESP_ERR_NO_ERROR && err != RD_KAFKA_RESP_ERR__NO_OFFSET) {
    logging::Warn("consumer_commit_failed",
                  {{"group", options_.group_id}, {"error", rd_kafka_err2str(err)}});
  }
  rd_kafka_assign(rk, nullptr);
  metrics_.SetAssigned(0);
  logging::Info("consumer_revoked",
                {{"group", options_.group_id}, {"partitions", partitions->cnt}});
}

void EventConsumer::CheckInboxRetention() {
  const std::string dlq = DeadLetterTopic(options_.group_id);
  const auto retention = TopicRetention(consumer_.get(), dlq, std::chrono::seconds(10));
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
    rd_kafka_topic_partition_list_t* raw = nullptr;
    if (rd_kafka_assignment(consumer_.get(), &raw) == RD_KAFKA_RESP_ERR_NO_ERROR) {
      const kafka::PartitionListPtr assigned(raw);
      rd_kafka_position(consumer_.get(), assigned.get());
      for (int i = 0; i < assigned->cnt; ++i) {
        const rd_kafka_topic_partition_t& partition = assigned->elems[i];
        std::int64_t low = 0;
        std::int64_t high = 0;
        if (partition.offset >= 0 &&
            rd_kafka_get_watermark_offsets(consumer_.get(), partition.topic, partition.partition,
                                           &low, &high) == RD_KAFKA_RESP_ERR_NO_ERROR) {
          metrics_.SetLag(partition.topic, partition.partition,
                          static_cast<double>(std::max<std::int64_t>(0, high - partition.offset)));
        }
      }
    }
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
      auto it = pending_.find(std::make_pair(due->topic(), due->partition()));
      Pending pending = std::move(*it->second);
      pending_.erase(it);
      Process(std::move(pending));
      continue;
    }
    kafka::MessagePtr message(
        rd_kafka_consumer_poll(consumer_.get(), static_cast<int>(options_.poll_timeout.count())));
    if (!message) {
      continue;
    }
    switch (message->err) {
      case RD_KAFKA_RESP_ERR_NO_ERROR:
        // A message of a partition held for retry (fetched before the pause took effect) is
        // dropped unstored: the partition is re-read from the held message on resume.
        if (!pending_.contains(std::make_pair(kafka::TopicOf(*message), message->partition))) {
          metrics_.consumed.Inc();
          Pending pending;
          pending.message = std::move(message);
          Process(std::move(pending));
        }
        break;
      case RD_KAFKA_RESP_ERR__PARTITION_EOF:
        break;
      default:
        metrics_.errors.Inc();
        logging::Warn("consumer_error", {{"group", options_.group_id},
                                         {"error", rd_kafka_err2name(message->err)},
                                         {"detail", rd_kafka_message_errstr(message.get())}});
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
  const rd_kafka_message_t& message = *pending.message;
  const KafkaHeaders headers = kafka::HeadersOf(message);
  const DecodeResult decoded = FromKafka(kafka::KeyOf(message), kafka::ValueOf(message), headers);
  if (const auto* error = std::get_if<DecodeError>(&decoded)) {
    DeadLetter(std::move(pending), ErrorClass::kDecode, error->field + ": " + error->detail);
    return;
  }
  const CloudEvent& event = std::get<CloudEvent>(decoded);
  const HandlerTable::Reader* reader = handlers_.Find(event.type);
  if (reader == nullptr) {
    DeadLetter(std::move(pending), ErrorClass::kUnknownType,
               "no handler for event type " + event.type);
    return;
  }
  try {
    const HandlerTable::Apply apply = (*reader)(event);  // PayloadError: permanent
    const bool applied = pool_.WithTransaction([&](pqxx::work& txn) {
      const pqxx::result inserted = txn.exec_params(kInsertProcessed, options_.group_id, event.id);
      if (inserted.affected_rows() == 0) {
        return false;  // already applied by this group: a redelivery
      }
      apply(txn);
      return true;
    });
    (applied ? metrics_.applied : metrics_.duplicates).Inc();
    if (applied && IsReplay(headers)) {
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
  metrics_.retries.Inc();
  logging::Warn("consumer_retry", {{"group", options_.group_id},
                                   {"topic", pending.topic()},
                                   {"partition", pending.partition()},
                                   {"offset", pending.offset()},
                                   {"attempt", pending.attempts},
                                   {"error_class", std::string(ErrorClassName(error_class))},
                                   {"error", TruncateErrorMessage(error)},
                                   {"delay_ms", delay.count()}});
  if (!pending.paused) {
    const kafka::PartitionListPtr partitions =
        OnePartition(pending.topic(), pending.partition(), RD_KAFKA_OFFSET_INVALID);
    const rd_kafka_resp_err_t rc = rd_kafka_pause_partitions(consumer_.get(), partitions.get());
    pending.paused = rc == RD_KAFKA_RESP_ERR_NO_ERROR;
    if (!pending.paused) {
      logging::Error("consumer_pause_failed",
                     {{"group", options_.group_id}, {"error", rd_kafka_err2str(rc)}});
    }
  }
  std::pair<std::string, std::int32_t> key{pending.topic(), pending.partition()};
  pending_[std::move(key)] = std::make_unique<Pending>(std::move(pending));
}

void EventConsumer::DeadLetter(Pending pending, ErrorClass error_class, const std::string& error) {
  const rd_kafka_message_t& message = *pending.message;
  const auto now = std::chrono::system_clock::now();
  DeadLetterInfo info{
      .original_topic = pending.topic(),
      .original_partition = pending.partition(),
      .original_offset = pending.offset(),
      .original_timestamp = std::nullopt,
      .consumer_group = options_.group_id,
      .error_class = error_class,
      .error_message = error,
      .attempts = pending.attempts,
      .first_failed_at = pending.attempts == 1 ? now : pending.first_failed_at,
      .failed_at = now,
  };
  rd_kafka_timestamp_type_t timestamp_type = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE;
  if (const std::int64_t ms = rd_kafka_message_timestamp(&message, &timestamp_type); ms >= 0) {
    info.original_timestamp = std::chrono::system_clock::time_point(std::chrono::milliseconds(ms));
  }
  KafkaMessage record{.topic = DeadLetterTopic(options_.group_id),
                      .key = kafka::KeyOf(message),
                      .value = kafka::ValueOf(message),
                      .headers = BuildDeadLetterHeaders(kafka::HeadersOf(message), info)};
  if (options_.before_dead_letter) {
    options_.before_dead_letter(dead_letters_);
  }
  std::optional<kafka::ProduceFailure> failure = dead_letters_.Send({record}).front();
  if (failure && failure->kind == kafka::FailureKind::kPermanent) {
    // The broker will never take this record (e.g. larger than the DLQ's max.message.bytes): send
    // what identifies the message instead of retrying forever.
    logging::Warn("consumer_dead_letter_truncated", {{"group", options_.group_id},
                                                     {"topic", info.original_topic},
                                                     {"offset", info.original_offset},
                                                     {"bytes", RecordBytes(record)},
                                                     {"error", failure->text}});
    record = TruncateDeadLetter(std::move(record), failure->text);
    failure = dead_letters_.Send({record}).front();
  }
  if (failure) {
    // Never store the offset of a message that is neither applied nor dead-lettered.
    pending.dead_letter = {error_class, error};
    Retry(std::move(pending), ErrorClass::kTransient,
          "dead-letter produce failed: " + failure->text);
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
  const kafka::PartitionListPtr partitions =
      OnePartition(pending.topic(), pending.partition(), pending.offset() + 1);
  if (const rd_kafka_resp_err_t rc = rd_kafka_offsets_store(consumer_.get(), partitions.get());
      rc != RD_KAFKA_RESP_ERR_NO_ERROR || partitions->elems[0].err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    // E.g. the partition was revoked meanwhile: its next owner re-delivers the message, and
    // processed_events makes that a duplicate.
    logging::Warn(
        "consumer_offset_store_failed",
        {{"group", options_.group_id},
         {"error",
          rd_kafka_err2str(rc != RD_KAFKA_RESP_ERR_NO_ERROR ? rc : partitions->elems[0].err)}});
  }
  if (pending.paused) {
    rd_kafka_resume_partitions(consumer_.get(), partitions.get());
    // Fetching restarts right after the finished message, whatever was prefetched before the
    // pause.
    if (rd_kafka_error_t* error =
            rd_kafka_seek_partitions(consumer_.get(), partitions.get(), kSeekTimeoutMs)) {
      logging::Warn("consumer_seek_failed",
                    {{"group", options_.group_id}, {"error", rd_kafka_error_string(error)}});
      rd_kafka_error_destroy(error);
    }
  }
}

void EventConsumer::Close() {
  if (!consumer_) {
    return;
  }
  pending_.clear();  // unstored: redelivered to whoever owns the partition next
  const rd_kafka_resp_err_t rc = rd_kafka_commit(consumer_.get(), nullptr, 0);
  if (rc != RD_KAFKA_RESP_ERR_NO_ERROR && rc != RD_KAFKA_RESP_ERR__NO_OFFSET) {
    logging::Warn("consumer_commit_failed",
                  {{"group", options_.group_id}, {"error", rd_kafka_err2str(rc)}});
  }
  rd_kafka_consumer_close(consumer_.get());
  consumer_.reset();
}

}  // namespace shop::events::consumer
