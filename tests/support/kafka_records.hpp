#pragma once
// Writing a record to a topic as our producers would, and reading back what landed on a topic with
// a plain librdkafka consumer of its own (no group offsets committed), e.g. dead letters.

#include <chrono>
#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "events/cloud_event.hpp"

namespace RdKafka {
class Producer;
}  // namespace RdKafka

namespace shop::testing {

struct KafkaRecord {
  std::string key;
  std::string value;
  std::multimap<std::string, std::string> headers;
  // The first header `name`, or "<missing>".
  std::string Header(const std::string& name) const;
};

// A producer to `bootstrap` as tests use it to stand in for a service's relay (idempotent, as the
// relay is). Throws std::runtime_error with librdkafka's message when it cannot be made.
std::unique_ptr<RdKafka::Producer> NewTestProducer(const std::string& bootstrap);

// Produces `message` (key, value, headers) to `topic` and waits until the broker has it. Throws
// std::runtime_error when the produce or the flush fails.
void ProduceAndFlush(RdKafka::Producer& producer, const std::string& topic,
                     const events::KafkaMessage& message);

// The first `count` records of partition 0 of `topic` on the run's broker (KafkaBootstrap()),
// fewer when `deadline` passes first.
std::vector<KafkaRecord> ReadPartitionZero(const std::string& topic, std::size_t count,
                                           std::chrono::milliseconds deadline);

}  // namespace shop::testing
