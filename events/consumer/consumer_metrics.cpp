#include "events/consumer/consumer_metrics.hpp"

namespace shop::events::consumer {
namespace {

metrics::Counter& Outcome(metrics::Registry& registry, const std::string& group,
                          const std::string& outcome) {
  return registry.GetCounter("consumer_messages_total",
                             "Messages finished by a consumer group, by outcome",
                             {"group", "outcome"}, {group, outcome});
}

metrics::Counter& PerGroup(metrics::Registry& registry, const std::string& name,
                           const std::string& help, const std::string& group) {
  return registry.GetCounter(name, help, {"group"}, {group});
}

}  // namespace

ConsumerMetrics::ConsumerMetrics(metrics::Registry& registry, std::string group)
    : consumed(PerGroup(registry, "consumer_consumed_total",
                        "Messages a consumer group received from Kafka", group)),
      applied(Outcome(registry, group, "applied")),
      duplicates(Outcome(registry, group, "duplicate")),
      dead_lettered(Outcome(registry, group, "dead_lettered")),
      retries(PerGroup(registry, "consumer_retries_total",
                       "Retries of a message in place by a consumer group", group)),
      replayed(PerGroup(registry, "consumer_replayed_total",
                        "Messages replayed from the dead-letter topic and applied", group)),
      errors(PerGroup(registry, "consumer_errors_total",
                      "Errors the Kafka consumer reported while polling (retried by librdkafka)",
                      group)),
      assigned_(registry.GetGauge("consumer_assigned_partitions",
                                  "Partitions currently assigned to this member of the group",
                                  {"group"}, {group})),
      registry_(registry),
      group_(std::move(group)) {}

void ConsumerMetrics::SetAssigned(int partitions) {
  assigned_.Set(static_cast<double>(partitions));
}

void ConsumerMetrics::SetLag(const std::string& topic, std::int32_t partition, double lag) {
  registry_
      .GetGauge("consumer_lag", "Messages not yet consumed, per partition",
                {"group", "topic", "partition"}, {group_, topic, std::to_string(partition)})
      .Set(lag);
}

}  // namespace shop::events::consumer
