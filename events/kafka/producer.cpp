#include "events/kafka/producer.hpp"

#include <sys/types.h>

#include "events/kafka/record.hpp"
#include "platform/logging/log.hpp"

namespace shop::events::kafka {
namespace {

metrics::Counter* Messages(metrics::Registry* registry, const std::string& client,
                           const char* outcome) {
  if (registry == nullptr) {
    return nullptr;
  }
  return &registry->GetCounter("kafka_producer_messages_total",
                               "Messages a producer sent, by delivery outcome",
                               {"client", "outcome"}, {client, outcome});
}

constexpr std::chrono::milliseconds kReportMargin{5000};

}  // namespace

Producer::Producer(ProducerOptions options)
    : options_(std::move(options)),
      delivered_(Messages(options_.client.metrics, options_.client.client_id, "delivered")),
      failed_(Messages(options_.client.metrics, options_.client.client_id, "failed")),
      recoveries_(options_.client.metrics == nullptr
                      ? nullptr
                      : &options_.client.metrics->GetCounter(
                            "kafka_producer_fatal_recoveries_total",
                            "Times a producer was replaced after a fatal error", {"client"},
                            {options_.client.client_id})),
      observer_(options_.client) {
  observer_.on_delivery = [this](const rd_kafka_message_t& message) { OnDelivery(message); };
  handle_ = NewProducerHandle();
}

Producer::~Producer() {
  if (handle_) {
    rd_kafka_purge(handle_.get(), RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
  }
}

HandlePtr Producer::NewProducerHandle() {
  ConfPtr conf = NewConf(options_.client);
  // Not overridable: the delivery guarantees rest on them.
  Set(conf.get(), "enable.idempotence", "true");
  Set(conf.get(), "acks", "all");
  Set(conf.get(), "message.timeout.ms", std::to_string(options_.message_timeout.count()));
  if (!options_.client.settings.contains("linger.ms")) {
    Set(conf.get(), "linger.ms", std::to_string(options_.linger.count()));
  }
  // Topics are created ahead (the broker does not auto-create them): a message for a topic the
  // cluster does not know fails after 5 s instead of librdkafka's 30 s, so a sender that waits
  // for its reports is not held up long by one bad topic.
  if (!options_.client.settings.contains("topic.metadata.propagation.max.ms")) {
    Set(conf.get(), "topic.metadata.propagation.max.ms", "5000");
  }
  return NewHandle(RD_KAFKA_PRODUCER, std::move(conf), observer_);
}

void Producer::OnDelivery(const rd_kafka_message_t& message) {
  Delivery delivery{
      .tag = static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(message._private)),
      .failure = std::nullopt};
  if (message.err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    delivery.failure = MakeFailure(message.err);
    if (failed_ != nullptr) {
      failed_->Inc();
    }
    logging::Warn("kafka_delivery_failed",
                  {{"client", client_id()},
                   {"topic", TopicOf(message)},
                   {"error", delivery.failure->text},
                   {"kind", std::string(FailureKindName(delivery.failure->kind))}});
  } else if (delivered_ != nullptr) {
    delivered_->Inc();
  }
  deliveries_.push_back(std::move(delivery));
}

std::optional<ProduceFailure> Producer::Enqueue(const KafkaMessage& message, std::uint64_t tag) {
  while (true) {
    HeadersPtr headers = ToKafkaHeaders(message.headers);
    const rd_kafka_resp_err_t err = rd_kafka_producev(
        handle_.get(), RD_KAFKA_V_TOPIC(message.topic.c_str()),
        RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
        RD_KAFKA_V_KEY(message.key.data(), message.key.size()),
        RD_KAFKA_V_VALUE(const_cast<char*>(message.value.data()), message.value.size()),
        RD_KAFKA_V_HEADERS(headers.get()),
        RD_KAFKA_V_OPAQUE(reinterpret_cast<void*>(static_cast<std::uintptr_t>(tag))),
        RD_KAFKA_V_END);
    if (err == RD_KAFKA_RESP_ERR_NO_ERROR) {
      headers.release();  // librdkafka owns them once the message is queued
      rd_kafka_poll(handle_.get(), 0);
      return std::nullopt;
    }
    if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL) {
      ProduceFailure failure = MakeFailure(err);
      if (failed_ != nullptr) {
        failed_->Inc();
      }
      logging::Warn("kafka_produce_refused",
                    {{"client", client_id()},
                     {"topic", message.topic},
                     {"bytes", RecordBytes(message)},
                     {"error", failure.text},
                     {"kind", std::string(FailureKindName(failure.kind))}});
      return failure;
    }
    rd_kafka_poll(handle_.get(), 100);  // serving reports frees room in the queue
  }
}

int Producer::AwaitDeliveries(std::chrono::milliseconds timeout) {
  rd_kafka_flush(handle_.get(), static_cast<int>(timeout.count()));
  rd_kafka_poll(handle_.get(), 0);
  return rd_kafka_outq_len(handle_.get());
}

void Producer::Poll() { rd_kafka_poll(handle_.get(), 0); }

std::vector<Delivery> Producer::TakeDeliveries() {
  std::vector<Delivery> out;
  out.swap(deliveries_);
  return out;
}

std::optional<std::string> Producer::RecoverFromFatalError() {
  char reason[512];
  const rd_kafka_resp_err_t err = rd_kafka_fatal_error(handle_.get(), reason, sizeof reason);
  if (err == RD_KAFKA_RESP_ERR_NO_ERROR) {
    return std::nullopt;
  }
  std::string text = std::string(rd_kafka_err2name(err)) + ": " + reason;
  logging::Error("kafka_producer_fatal",
                 {{"client", client_id()}, {"error", text}, {"action", "replacing the producer"}});
  if (recoveries_ != nullptr) {
    recoveries_->Inc();
  }
  rd_kafka_purge(handle_.get(), RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
  handle_.reset();
  handle_ = NewProducerHandle();
  return text;
}

void Producer::SendPass(const std::vector<KafkaMessage>& messages,
                        const std::vector<std::size_t>& indices,
                        std::vector<std::optional<ProduceFailure>>& results,
                        std::vector<bool>& refused_at_enqueue) {
  std::vector<bool> reported(messages.size(), false);
  deliveries_.clear();
  for (const std::size_t i : indices) {
    results[i].reset();
    refused_at_enqueue[i] = false;
    if (auto failure = Enqueue(messages[i], i)) {
      results[i] = std::move(failure);
      reported[i] = true;
      refused_at_enqueue[i] = true;
    }
  }
  AwaitDeliveries(options_.message_timeout + kReportMargin);
  for (Delivery& delivery : TakeDeliveries()) {
    if (delivery.tag < results.size()) {
      reported[delivery.tag] = true;
      results[delivery.tag] = std::move(delivery.failure);
    }
  }
  for (const std::size_t i : indices) {
    if (!reported[i]) {
      results[i] = ProduceFailure{.code = RD_KAFKA_RESP_ERR__MSG_TIMED_OUT,
                                  .text = "no delivery report",
                                  .kind = FailureKind::kRetry};
    }
  }
}

std::vector<std::optional<ProduceFailure>> Producer::Send(
    const std::vector<KafkaMessage>& messages) {
  std::vector<std::optional<ProduceFailure>> results(messages.size());
  std::vector<bool> refused_at_enqueue(messages.size(), false);
  std::vector<std::size_t> all(messages.size());
  for (std::size_t i = 0; i < messages.size(); ++i) {
    all[i] = i;
  }
  SendPass(messages, all, results, refused_at_enqueue);
  if (const std::optional<std::string> fatal = RecoverFromFatalError()) {
    // The replaced producer sends again, once, what the fatal error kept from being acknowledged.
    std::vector<std::size_t> again;
    for (const std::size_t i : all) {
      if (results[i] && results[i]->kind == FailureKind::kRetry) {
        again.push_back(i);
      }
    }
    SendPass(messages, again, results, refused_at_enqueue);
    for (const std::size_t i : again) {
      if (results[i]) {
        results[i]->text += " (after the producer failed fatally: " + *fatal + ")";
      }
    }
  }
  if (messages.size() > 1) {
    // The broker refuses a whole batch when one record in it is too large: each message it
    // refused so is sent alone once to get a verdict of its own.
    for (const std::size_t i : all) {
      if (results[i] && !refused_at_enqueue[i] && IsBatchSizeRefusal(results[i]->code)) {
        SendPass(messages, {i}, results, refused_at_enqueue);
      }
    }
  }
  return results;
}

void Producer::RaiseFatalErrorForTesting(const std::string& reason) {
  rd_kafka_test_fatal_error(handle_.get(), RD_KAFKA_RESP_ERR_OUT_OF_ORDER_SEQUENCE_NUMBER,
                            reason.c_str());
}

}  // namespace shop::events::kafka
