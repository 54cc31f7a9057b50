#pragma once
// An idempotent librdkafka producer (C API, RAII-held) that reports, per outbox row id, whether
// the broker acknowledged the message.
//
// Delivery semantics: Produce() only enqueues; a row counts as delivered only once its delivery
// report arrives without error (TakeReports). With enable.idempotence=true (acks=all, retries
// within message.timeout.ms) every enqueued message gets exactly one report within
// message_timeout, unless the producer hits a fatal error: Fatal() then says so and the caller
// must destroy this producer and build a new one; rows without a good report are re-sent.
//
// Not thread-safe: one relay loop owns one producer. Not movable (librdkafka holds `this`).

#include <librdkafka/rdkafka.h>

#include <chrono>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "outbox_batch.hpp"

namespace shop::relay {

class KafkaError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ProducerOptions {
  std::string bootstrap;
  std::chrono::milliseconds message_timeout{30000};
};

class KafkaProducer {
 public:
  // Throws KafkaError when a setting is refused or the handle cannot be created.
  explicit KafkaProducer(const ProducerOptions& options);
  ~KafkaProducer();
  KafkaProducer(const KafkaProducer&) = delete;
  KafkaProducer& operator=(const KafkaProducer&) = delete;

  // Enqueues `row` (waiting for room while the local queue is full). Returns the error that kept
  // it out of the queue, or nullopt when enqueued. `headers` must be those of `row`.
  std::optional<std::string> Produce(const OutboxRow& row, const events::KafkaHeaders& headers);

  // Serves delivery reports until none is outstanding or `timeout` passes. Returns how many
  // messages are still without a report.
  int AwaitDeliveries(std::chrono::milliseconds timeout);

  // The reports gathered since the last call.
  std::vector<DeliveryReport> TakeReports();

  // The fatal error's description, when one was raised.
  std::optional<std::string> Fatal() const;

  // Raises a fabricated fatal error (librdkafka's rd_kafka_test_fatal_error): there is no
  // practical way to provoke a real one against a healthy broker, and the recovery path must be
  // tested. Only tests call it.
  void RaiseFatalErrorForTesting(const std::string& reason);

 private:
  static void OnDelivery(rd_kafka_t* rk, const rd_kafka_message_t* message, void* opaque);
  static void OnError(rd_kafka_t* rk, int err, const char* reason, void* opaque);

  struct HandleDeleter {
    void operator()(rd_kafka_t* rk) const;
  };
  std::vector<DeliveryReport> reports_;  // declared first: outlives handle_'s callbacks
  std::unique_ptr<rd_kafka_t, HandleDeleter> handle_;
};

}  // namespace shop::relay
