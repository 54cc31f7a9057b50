#pragma once
// An idempotent librdkafka producer (C API, RAII) that sends a batch and waits for every delivery
// report: a message counts as sent only when the broker acknowledged it.
//
// Not thread-safe; not movable (librdkafka holds `this` for its callbacks).

#include <librdkafka/rdkafka.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "events/cloud_event.hpp"
#include "kafka_client.hpp"

namespace shop::shopctl {

class KafkaSender {
 public:
  explicit KafkaSender(const KafkaSettings& settings);
  KafkaSender(const KafkaSender&) = delete;
  KafkaSender& operator=(const KafkaSender&) = delete;

  // Sends `messages` and waits for their reports (at most message.timeout.ms, 30 s). One entry per
  // message: nullopt when acknowledged, else the error.
  std::vector<std::optional<std::string>> Send(const std::vector<events::KafkaMessage>& messages);

 private:
  static void OnDelivery(rd_kafka_t* rk, const rd_kafka_message_t* message, void* opaque);

  std::vector<std::optional<std::string>> results_;  // of the current batch
  std::vector<bool> reported_;
  std::uint32_t generation_ = 0;  // of the current batch, in each message's opaque
  KafkaHandle handle_;            // declared last: destroyed (and flushed) before the results
};

}  // namespace shop::shopctl
