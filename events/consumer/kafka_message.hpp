#pragma once
// The consumer runtime's side of librdkafka (internal to event_consumer.cpp): the consumer handle
// with the settings the at-least-once contract rests on, and partition lists of one partition.

#include <librdkafka/rdkafka.h>

#include <cstdint>
#include <string>

#include "events/consumer/event_consumer.hpp"
#include "events/kafka/client.hpp"

namespace shop::events::consumer {

// True when shopctl replayed the message from a dead-letter topic (kReplayedFromOffsetHeader).
bool IsReplay(const KafkaHeaders& headers);

// A consumer of `options.group_id` with `options.kafka_settings`, reading from the earliest
// offset when the group has none, storing offsets only when told to (not overridable), with
// client.id, session timeout and (when set) static membership from the options, and the
// observer's rebalance callback. Its main queue is forwarded to the consumer queue, so
// rd_kafka_consumer_poll serves every callback. Throws kafka::KafkaError.
kafka::HandlePtr NewKafkaConsumer(const ConsumerOptions& options, kafka::ClientObserver& observer);

// A list of one partition at `offset`.
kafka::PartitionListPtr OnePartition(const std::string& topic, std::int32_t partition,
                                     std::int64_t offset);

}  // namespace shop::events::consumer
