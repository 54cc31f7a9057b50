#include <librdkafka/rdkafka.h>

#include <memory>
#include <stdexcept>

#include "test_support.hpp"

namespace shop::testing {
namespace {

struct KafkaDeleter {
  void operator()(rd_kafka_t* p) const { rd_kafka_destroy(p); }
  void operator()(rd_kafka_NewTopic_t* p) const { rd_kafka_NewTopic_destroy(p); }
  void operator()(rd_kafka_AdminOptions_t* p) const { rd_kafka_AdminOptions_destroy(p); }
  void operator()(rd_kafka_queue_t* p) const { rd_kafka_queue_destroy(p); }
  void operator()(rd_kafka_event_t* p) const { rd_kafka_event_destroy(p); }
};
template <typename T>
using KafkaPtr = std::unique_ptr<T, KafkaDeleter>;

}  // namespace

void CreateKafkaTopics(const std::vector<std::string>& names, int partitions,
                       const std::map<std::string, std::string>& config) {
  CreateKafkaTopicsOn(KafkaBootstrap(), names, partitions, config);
}

void CreateKafkaTopicsOn(const std::string& bootstrap, const std::vector<std::string>& names,
                         int partitions, const std::map<std::string, std::string>& config) {
  char err[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  if (rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap.c_str(), err, sizeof err) !=
      RD_KAFKA_CONF_OK) {
    rd_kafka_conf_destroy(conf);
    throw std::runtime_error(err);
  }
  KafkaPtr<rd_kafka_t> rk(rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err));
  if (!rk) {
    rd_kafka_conf_destroy(conf);
    throw std::runtime_error(err);
  }
  std::vector<KafkaPtr<rd_kafka_NewTopic_t>> owned;
  std::vector<rd_kafka_NewTopic_t*> topics;
  for (const std::string& name : names) {
    // -1: the broker's default.replication.factor (1 on one node, 3 on a cluster of three).
    owned.emplace_back(rd_kafka_NewTopic_new(name.c_str(), partitions, -1, err, sizeof err));
    if (!owned.back()) {
      throw std::runtime_error("topic " + name + ": " + err);
    }
    for (const auto& [key, value] : config) {
      if (rd_kafka_NewTopic_set_config(owned.back().get(), key.c_str(), value.c_str()) !=
          RD_KAFKA_RESP_ERR_NO_ERROR) {
        throw std::runtime_error("topic " + name + ": cannot set " + key);
      }
    }
    topics.push_back(owned.back().get());
  }
  KafkaPtr<rd_kafka_AdminOptions_t> options(
      rd_kafka_AdminOptions_new(rk.get(), RD_KAFKA_ADMIN_OP_CREATETOPICS));
  rd_kafka_AdminOptions_set_operation_timeout(options.get(), 30000, err, sizeof err);
  KafkaPtr<rd_kafka_queue_t> queue(rd_kafka_queue_new(rk.get()));
  rd_kafka_CreateTopics(rk.get(), topics.data(), topics.size(), options.get(), queue.get());
  KafkaPtr<rd_kafka_event_t> event(rd_kafka_queue_poll(queue.get(), 60000));
  if (!event || rd_kafka_event_error(event.get()) != RD_KAFKA_RESP_ERR_NO_ERROR) {
    throw std::runtime_error("CreateTopics failed or timed out");
  }
  std::size_t n = 0;
  const rd_kafka_topic_result_t** results =
      rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(event.get()), &n);
  for (std::size_t i = 0; i < n; ++i) {
    if (rd_kafka_topic_result_error(results[i]) != RD_KAFKA_RESP_ERR_NO_ERROR) {
      throw std::runtime_error(std::string("CreateTopics refused ") +
                               rd_kafka_topic_result_name(results[i]));
    }
  }
}

}  // namespace shop::testing
