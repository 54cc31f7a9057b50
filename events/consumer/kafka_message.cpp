#include "events/consumer/kafka_message.hpp"

#include <stdexcept>

namespace shop::events::consumer {
namespace {

void SetOrThrow(RdKafka::Conf& conf, const std::string& name, const std::string& value) {
  std::string error;
  if (conf.set(name, value, error) != RdKafka::Conf::CONF_OK) {
    throw std::runtime_error("kafka consumer setting " + name + ": " + error);
  }
}

}  // namespace

KafkaHeaders HeadersOf(RdKafka::Message& message) {
  KafkaHeaders out;
  const RdKafka::Headers* headers = message.headers();
  if (headers == nullptr) {
    return out;
  }
  for (const RdKafka::Headers::Header& header : headers->get_all()) {
    const char* value = static_cast<const char*>(header.value());
    out.emplace_back(header.key(), value ? std::string(value, header.value_size()) : "");
  }
  return out;
}

std::string KeyOf(const RdKafka::Message& message) {
  return message.key() ? *message.key() : std::string();
}

std::string ValueOf(const RdKafka::Message& message) {
  const char* payload = static_cast<const char*>(message.payload());
  return payload ? std::string(payload, message.len()) : std::string();
}

std::unique_ptr<RdKafka::TopicPartition> Partition(const RdKafka::Message& message,
                                                   std::int64_t offset) {
  return std::unique_ptr<RdKafka::TopicPartition>(
      RdKafka::TopicPartition::create(message.topic_name(), message.partition(), offset));
}

bool IsReplay(RdKafka::Message& message) {
  const RdKafka::Headers* headers = message.headers();
  return headers != nullptr && !headers->get(std::string(kReplayedFromOffsetHeader)).empty();
}

std::unique_ptr<RdKafka::KafkaConsumer> CreateKafkaConsumer(const ConsumerOptions& options,
                                                            RdKafka::RebalanceCb& rebalance) {
  std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
  SetOrThrow(*conf, "bootstrap.servers", options.bootstrap);
  SetOrThrow(*conf, "group.id", options.group_id);
  SetOrThrow(*conf, "auto.offset.reset", "earliest");
  for (const auto& [name, value] : options.kafka_settings) {
    SetOrThrow(*conf, name, value);
  }
  // Not overridable: the at-least-once contract rests on them.
  SetOrThrow(*conf, "enable.auto.offset.store", "false");
  SetOrThrow(*conf, "enable.auto.commit", "true");
  std::string error;
  if (conf->set("rebalance_cb", &rebalance, error) != RdKafka::Conf::CONF_OK) {
    throw std::runtime_error("kafka consumer setting rebalance_cb: " + error);
  }
  std::unique_ptr<RdKafka::KafkaConsumer> consumer(
      RdKafka::KafkaConsumer::create(conf.get(), error));
  if (!consumer) {
    throw std::runtime_error("cannot create the kafka consumer: " + error);
  }
  return consumer;
}

}  // namespace shop::events::consumer
