#pragma once
// Reading back what landed on a topic, with a plain librdkafka consumer of its own (no group
// offsets committed), e.g. the records a consumer dead-lettered.

#include <chrono>
#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace shop::testing {

struct KafkaRecord {
  std::string key;
  std::string value;
  std::multimap<std::string, std::string> headers;
  // The first header `name`, or "<missing>".
  std::string Header(const std::string& name) const;
};

// The first `count` records of partition 0 of `topic` on the run's broker (KafkaBootstrap()),
// fewer when `deadline` passes first.
std::vector<KafkaRecord> ReadPartitionZero(const std::string& topic, std::size_t count,
                                           std::chrono::milliseconds deadline);

}  // namespace shop::testing
