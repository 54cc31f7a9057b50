#include "kafka_records.hpp"

#include <librdkafka/rdkafkacpp.h>

#include <memory>
#include <stdexcept>

#include "events/uuid_v7.hpp"
#include "test_support.hpp"

namespace shop::testing {

std::string KafkaRecord::Header(const std::string& name) const {
  const auto it = headers.find(name);
  return it == headers.end() ? "<missing>" : it->second;
}

std::unique_ptr<RdKafka::Producer> NewTestProducer(const std::string& bootstrap) {
  std::string error;
  std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
  if (conf->set("bootstrap.servers", bootstrap, error) != RdKafka::Conf::CONF_OK ||
      conf->set("enable.idempotence", "true", error) != RdKafka::Conf::CONF_OK) {
    throw std::runtime_error("test producer: " + error);
  }
  std::unique_ptr<RdKafka::Producer> producer(RdKafka::Producer::create(conf.get(), error));
  if (!producer) {
    throw std::runtime_error("test producer: " + error);
  }
  return producer;
}

void ProduceAndFlush(RdKafka::Producer& producer, const std::string& topic,
                     const events::KafkaMessage& message) {
  RdKafka::Headers* headers = RdKafka::Headers::create();
  for (const auto& [name, value] : message.headers) {
    headers->add(name, value);
  }
  const RdKafka::ErrorCode rc =
      producer.produce(topic, RdKafka::Topic::PARTITION_UA, RdKafka::Producer::RK_MSG_COPY,
                       const_cast<char*>(message.value.data()), message.value.size(),
                       message.key.data(), message.key.size(), 0, headers, nullptr);
  if (rc != RdKafka::ERR_NO_ERROR) {
    delete headers;  // produce() takes ownership only on success
    throw std::runtime_error("produce to " + topic + ": " + RdKafka::err2str(rc));
  }
  if (const RdKafka::ErrorCode flushed = producer.flush(30000); flushed != RdKafka::ERR_NO_ERROR) {
    throw std::runtime_error("flush to " + topic + ": " + RdKafka::err2str(flushed));
  }
}

std::vector<KafkaRecord> ReadPartitionZero(const std::string& topic, std::size_t count,
                                           std::chrono::milliseconds deadline) {
  std::string error;
  std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
  conf->set("bootstrap.servers", KafkaBootstrap(), error);
  conf->set("group.id", "test-reader-" + events::NewUuidV7(), error);
  conf->set("enable.auto.commit", "false", error);
  std::unique_ptr<RdKafka::KafkaConsumer> reader(RdKafka::KafkaConsumer::create(conf.get(), error));
  if (!reader) {
    throw std::runtime_error("cannot create a Kafka reader: " + error);
  }
  std::vector<RdKafka::TopicPartition*> partitions{
      RdKafka::TopicPartition::create(topic, 0, RdKafka::Topic::OFFSET_BEGINNING)};
  reader->assign(partitions);
  RdKafka::TopicPartition::destroy(partitions);
  std::vector<KafkaRecord> records;
  const auto end = std::chrono::steady_clock::now() + deadline;
  while (records.size() < count && std::chrono::steady_clock::now() < end) {
    const std::unique_ptr<RdKafka::Message> m(reader->consume(200));
    if (m->err() != RdKafka::ERR_NO_ERROR) {
      continue;
    }
    KafkaRecord record{.key = m->key() ? *m->key() : "",
                       .value = std::string(static_cast<const char*>(m->payload()), m->len()),
                       .headers = {}};
    if (m->headers() != nullptr) {
      for (const auto& h : m->headers()->get_all()) {
        record.headers.emplace(h.key(),
                               std::string(static_cast<const char*>(h.value()), h.value_size()));
      }
    }
    records.push_back(std::move(record));
  }
  reader->close();
  return records;
}

}  // namespace shop::testing
