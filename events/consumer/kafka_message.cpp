#include "events/consumer/kafka_message.hpp"

#include "events/consumer/dead_letter.hpp"

namespace shop::events::consumer {

bool IsReplay(const KafkaHeaders& headers) {
  for (const auto& [name, value] : headers) {
    if (name == kReplayedFromOffsetHeader && !value.empty()) {
      return true;
    }
  }
  return false;
}

kafka::HandlePtr NewKafkaConsumer(const ConsumerOptions& options, kafka::ClientObserver& observer) {
  kafka::ClientOptions client{
      .bootstrap = options.bootstrap,
      .client_id = options.client_id.empty() ? options.group_id : options.client_id,
      .settings = {},
      .metrics = nullptr,
      .problems = {}};
  kafka::ConfPtr conf = kafka::NewConf(client);
  kafka::Set(conf.get(), "group.id", options.group_id);
  kafka::Set(conf.get(), "auto.offset.reset", "earliest");
  kafka::Set(conf.get(), "session.timeout.ms", std::to_string(options.session_timeout.count()));
  kafka::Set(conf.get(), "heartbeat.interval.ms",
             std::to_string(std::max<long long>(1000, options.session_timeout.count() / 3)));
  if (!options.instance_id.empty()) {
    // Static membership: a restarted instance takes its partitions back at once instead of
    // waiting for the dead member's session to time out.
    kafka::Set(conf.get(), "group.instance.id", options.instance_id);
  }
  for (const auto& [name, value] : options.kafka_settings) {
    kafka::Set(conf.get(), name, value);
  }
  // Not overridable: the at-least-once contract rests on them.
  kafka::Set(conf.get(), "enable.auto.offset.store", "false");
  kafka::Set(conf.get(), "enable.auto.commit", "true");
  kafka::HandlePtr handle = kafka::NewHandle(RD_KAFKA_CONSUMER, std::move(conf), observer);
  rd_kafka_poll_set_consumer(handle.get());
  return handle;
}

kafka::PartitionListPtr OnePartition(const std::string& topic, std::int32_t partition,
                                     std::int64_t offset) {
  kafka::PartitionListPtr list(rd_kafka_topic_partition_list_new(1));
  rd_kafka_topic_partition_list_add(list.get(), topic.c_str(), partition)->offset = offset;
  return list;
}

}  // namespace shop::events::consumer
