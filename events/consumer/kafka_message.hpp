#pragma once
// Reading a consumed Kafka message, and the consumer configuration the runtime insists on.
// Internal to the consumer runtime (event_consumer.cpp).

#include <librdkafka/rdkafkacpp.h>

#include <cstdint>
#include <memory>
#include <string>

#include "events/consumer/dead_letter.hpp"
#include "events/consumer/event_consumer.hpp"

namespace shop::events::consumer {

KafkaHeaders HeadersOf(RdKafka::Message& message);
std::string KeyOf(const RdKafka::Message& message);
std::string ValueOf(const RdKafka::Message& message);
// The message's topic and partition at `offset`.
std::unique_ptr<RdKafka::TopicPartition> Partition(const RdKafka::Message& message,
                                                   std::int64_t offset);
// True when shopctl replayed the message from a dead-letter topic (kReplayedFromOffsetHeader).
bool IsReplay(RdKafka::Message& message);

// A consumer of `options.group_id` at `options.bootstrap` with `options.kafka_settings`, reading
// from the earliest offset when the group has none, storing offsets only when told to (the
// at-least-once contract: not overridable) and calling `rebalance` on assignment changes. Throws
// std::runtime_error naming a refused setting.
std::unique_ptr<RdKafka::KafkaConsumer> CreateKafkaConsumer(const ConsumerOptions& options,
                                                            RdKafka::RebalanceCb& rebalance);

}  // namespace shop::events::consumer
