#pragma once
// The project's one Kafka producer (used by the outbox relay, the consumers' dead-letter producer
// and shopctl): idempotent (enable.idempotence=true, so acks=all and no reordering or duplicates
// from librdkafka's own retries), with delivery-report accounting and recovery from fatal errors.
//
// Delivery semantics: Enqueue() only queues a message; it counts as delivered only once its
// delivery report arrives without error (TakeDeliveries). Every queued message gets exactly one
// report within message_timeout, unless the idempotent producer raises a fatal error (e.g. a
// sequence gap after a broker lost acknowledged data). RecoverFromFatalError() then replaces the
// librdkafka handle: what the old one still held is dropped with it, and callers re-send every
// message that has no good report (a duplicate, which consumers absorb by ce_id, never a loss).
//
// Every error is logged and counted: delivery failures in
// kafka_producer_messages_total{client,outcome="failed"}, fatal recoveries in
// kafka_producer_fatal_recoveries_total{client}, librdkafka's own errors in
// kafka_client_errors_total (events/kafka/client.hpp).
//
// Not thread-safe: one owner calls it. Not movable (librdkafka holds a pointer to the observer).

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "events/cloud_event.hpp"
#include "events/kafka/client.hpp"
#include "events/kafka/produce_failure.hpp"

namespace shop::events::kafka {

struct ProducerOptions {
  ClientOptions client{};
  std::chrono::milliseconds message_timeout{30000};  // message.timeout.ms
  std::chrono::milliseconds linger{5};               // linger.ms
};

struct Delivery {
  std::uint64_t tag = 0;                  // what the caller passed to Enqueue
  std::optional<ProduceFailure> failure;  // nullopt: the broker acknowledged the message
};

class Producer {
 public:
  // Throws KafkaError when a setting is refused or the handle cannot be created.
  explicit Producer(ProducerOptions options);
  ~Producer();  // drops what is still queued without waiting: callers re-send what has no report
  Producer(const Producer&) = delete;
  Producer& operator=(const Producer&) = delete;

  // Queues `message`, waiting (serving reports) while librdkafka's queue is full. Returns the
  // failure that kept it out of the queue (e.g. a record larger than message.max.bytes), or
  // nullopt when queued; its delivery report will carry `tag`.
  std::optional<ProduceFailure> Enqueue(const KafkaMessage& message, std::uint64_t tag);

  // Serves delivery reports until none is outstanding or `timeout` passes; returns how many
  // messages are still without a report.
  int AwaitDeliveries(std::chrono::milliseconds timeout);
  // Serves the reports that have arrived, without waiting.
  void Poll();
  // The reports gathered since the last call.
  std::vector<Delivery> TakeDeliveries();

  // When the producer has raised a fatal error: logs it, counts it, replaces the handle and
  // returns the reason. Messages without a good report must be sent again by the caller.
  std::optional<std::string> RecoverFromFatalError();

  // Queues every message, waits for every report and returns one entry per message: nullopt when
  // acknowledged, else the failure. After a fatal error it replaces the producer and sends the
  // unacknowledged messages again once; a message refused as too large in a batch of several is
  // sent again alone, since the broker refuses a whole batch for one record in it.
  std::vector<std::optional<ProduceFailure>> Send(const std::vector<KafkaMessage>& messages);

  const std::string& client_id() const { return options_.client.client_id; }
  std::chrono::milliseconds message_timeout() const { return options_.message_timeout; }

  // Raises a fabricated fatal error (librdkafka's rd_kafka_test_fatal_error): there is no
  // practical way to provoke a real one against a healthy broker, and recovery must be tested.
  void RaiseFatalErrorForTesting(const std::string& reason);

 private:
  HandlePtr NewProducerHandle();
  void SendPass(const std::vector<KafkaMessage>& messages, const std::vector<std::size_t>& indices,
                std::vector<std::optional<ProduceFailure>>& results,
                std::vector<bool>& refused_at_enqueue);
  void OnDelivery(const rd_kafka_message_t& message);

  ProducerOptions options_;
  std::vector<Delivery> deliveries_;
  metrics::Counter* delivered_ = nullptr;
  metrics::Counter* failed_ = nullptr;
  metrics::Counter* recoveries_ = nullptr;
  ClientObserver observer_;  // declared before handle_: outlives its callbacks
  HandlePtr handle_;
};

}  // namespace shop::events::kafka
