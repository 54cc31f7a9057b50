#pragma once
// Produces dead-letter records to Kafka and waits for each one's delivery report, so the consumer
// stores the source offset only once the record is durable in `<group>.dlq`.
//
// Idempotent producer (acks=all). One record in flight at a time: dead-lettering is rare and the
// consumer must not move on before it is acknowledged. Not thread-safe; owned by one
// EventConsumer. Not movable (librdkafka holds a pointer to the delivery callback).

#include <librdkafka/rdkafkacpp.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "events/cloud_event.hpp"

namespace shop::events::consumer {

class DeadLetterProducer {
 public:
  // Throws std::runtime_error when a setting is refused or the handle cannot be created.
  DeadLetterProducer(const std::string& bootstrap, std::chrono::milliseconds delivery_timeout);
  ~DeadLetterProducer();  // flushes (bounded by the delivery timeout)
  DeadLetterProducer(const DeadLetterProducer&) = delete;
  DeadLetterProducer& operator=(const DeadLetterProducer&) = delete;

  // Produces `message` (topic, key, value, headers) and blocks until its delivery report.
  // Returns nullopt when the broker acknowledged it, else the error text.
  std::optional<std::string> Send(const KafkaMessage& message);

 private:
  class DeliveryReport : public RdKafka::DeliveryReportCb {
   public:
    void dr_cb(RdKafka::Message& message) override;
    bool done = false;
    std::optional<std::string> error;
  };

  std::chrono::milliseconds delivery_timeout_;
  DeliveryReport report_;  // declared before producer_: outlives its callbacks
  std::unique_ptr<RdKafka::Producer> producer_;
};

}  // namespace shop::events::consumer
