#include "events/consumer/dead_letter_producer.hpp"

#include <stdexcept>

namespace shop::events::consumer {
namespace {

void Set(RdKafka::Conf& conf, const std::string& name, const std::string& value) {
  std::string error;
  if (conf.set(name, value, error) != RdKafka::Conf::CONF_OK) {
    throw std::runtime_error("kafka producer setting " + name + ": " + error);
  }
}

}  // namespace

void DeadLetterProducer::DeliveryReport::dr_cb(RdKafka::Message& message) {
  done = true;
  if (message.err() != RdKafka::ERR_NO_ERROR) {
    error = message.errstr();
  }
}

DeadLetterProducer::DeadLetterProducer(const std::string& bootstrap,
                                       std::chrono::milliseconds delivery_timeout)
    : delivery_timeout_(delivery_timeout) {
  std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
  Set(*conf, "bootstrap.servers", bootstrap);
  Set(*conf, "enable.idempotence", "true");
  Set(*conf, "message.timeout.ms", std::to_string(delivery_timeout.count()));
  std::string error;
  if (conf->set("dr_cb", &report_, error) != RdKafka::Conf::CONF_OK) {
    throw std::runtime_error("kafka producer setting dr_cb: " + error);
  }
  producer_.reset(RdKafka::Producer::create(conf.get(), error));
  if (!producer_) {
    throw std::runtime_error("cannot create the dead-letter producer: " + error);
  }
}

DeadLetterProducer::~DeadLetterProducer() {
  producer_->flush(static_cast<int>(delivery_timeout_.count()));
}

std::optional<std::string> DeadLetterProducer::Send(const KafkaMessage& message) {
  report_.done = false;
  report_.error.reset();
  RdKafka::Headers* headers = RdKafka::Headers::create();
  for (const auto& [name, value] : message.headers) {
    headers->add(name, value);
  }
  RdKafka::ErrorCode rc;
  while ((rc = producer_->produce(
              message.topic, RdKafka::Topic::PARTITION_UA, RdKafka::Producer::RK_MSG_COPY,
              const_cast<char*>(message.value.data()), message.value.size(), message.key.data(),
              message.key.size(), 0, headers, nullptr)) == RdKafka::ERR__QUEUE_FULL) {
    producer_->poll(100);
  }
  if (rc != RdKafka::ERR_NO_ERROR) {
    delete headers;  // librdkafka owns the headers only when produce() succeeded
    return "produce to " + message.topic + ": " + RdKafka::err2str(rc);
  }
  // message.timeout.ms equals delivery_timeout_, so the report comes within it; the margin covers
  // the report's own latency.
  const auto deadline =
      std::chrono::steady_clock::now() + delivery_timeout_ + std::chrono::seconds(5);
  while (!report_.done && std::chrono::steady_clock::now() < deadline) {
    producer_->poll(100);
  }
  if (!report_.done) {
    return "no delivery report from " + message.topic;
  }
  return report_.error;
}

}  // namespace shop::events::consumer
