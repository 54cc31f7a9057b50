#pragma once
// The metrics of one consumer group (label group), created once per EventConsumer:
//   consumer_consumed_total            messages received from Kafka (source topics and .retry)
//   consumer_messages_total{outcome}   applied | duplicate | dead_lettered
//   consumer_retries_total             retries in place (each one also logs consumer_retry)
//   consumer_replayed_total            applied messages that came from a DLQ replay
//   consumer_errors_total              errors the consumer reported while polling
//   consumer_assigned_partitions       partitions assigned to this member now
//   consumer_lag{topic,partition}      high watermark minus the group's position, per assigned
//                                      partition (as of its last refresh while assigned)

#include <cstdint>
#include <string>

#include "platform/metrics/registry.hpp"

namespace shop::events::consumer {

class ConsumerMetrics {
 public:
  ConsumerMetrics(metrics::Registry& registry, std::string group);

  metrics::Counter& consumed;
  metrics::Counter& applied;
  metrics::Counter& duplicates;
  metrics::Counter& dead_lettered;
  metrics::Counter& retries;
  metrics::Counter& replayed;
  metrics::Counter& errors;

  void SetAssigned(int partitions);
  void SetLag(const std::string& topic, std::int32_t partition, double lag);

 private:
  metrics::Gauge& assigned_;
  metrics::Registry& registry_;
  std::string group_;
};

}  // namespace shop::events::consumer
