#include "latency_consumer.hpp"

#include <iostream>
#include <stdexcept>

namespace shop::bench {
namespace {

struct ConfDeleter {
  void operator()(rd_kafka_conf_t* conf) const { rd_kafka_conf_destroy(conf); }
};
struct TopicDeleter {
  void operator()(rd_kafka_topic_t* topic) const { rd_kafka_topic_destroy(topic); }
};
struct PartitionListDeleter {
  void operator()(rd_kafka_topic_partition_list_t* list) const {
    rd_kafka_topic_partition_list_destroy(list);
  }
};
struct MessageDeleter {
  void operator()(rd_kafka_message_t* message) const { rd_kafka_message_destroy(message); }
};

void Set(rd_kafka_conf_t* conf, const char* name, const std::string& value) {
  char error[512];
  if (rd_kafka_conf_set(conf, name, value.c_str(), error, sizeof error) != RD_KAFKA_CONF_OK) {
    throw std::runtime_error(std::string("kafka setting ") + name + ": " + error);
  }
}

constexpr int kMetadataTimeoutMs = 10000;
constexpr int kPollTimeoutMs = 100;

}  // namespace

void LatencyConsumer::HandleDeleter::operator()(rd_kafka_t* rk) const {
  rd_kafka_consumer_close(rk);
  rd_kafka_destroy(rk);
}

LatencyConsumer::LatencyConsumer(const ConsumerOptions& options) : id_header_(options.id_header) {
  std::unique_ptr<rd_kafka_conf_t, ConfDeleter> conf(rd_kafka_conf_new());
  Set(conf.get(), "bootstrap.servers", options.bootstrap);
  // Partitions are assigned, not subscribed: the group id is never joined nor committed to.
  Set(conf.get(), "group.id", "relay-latency-bench");
  Set(conf.get(), "enable.auto.commit", "false");
  Set(conf.get(), "enable.auto.offset.store", "false");
  Set(conf.get(), "fetch.wait.max.ms", std::to_string(options.fetch_wait.count()));
  Set(conf.get(), "fetch.error.backoff.ms", "10");
  char error[512];
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf.get(), error, sizeof error);
  if (rk == nullptr) {
    throw std::runtime_error(std::string("cannot create kafka consumer: ") + error);
  }
  conf.release();  // owned by rk from here on
  handle_.reset(rk);
  rd_kafka_poll_set_consumer(rk);
  AssignAllPartitions(options.topic);
  thread_ = std::thread([this] { Poll(); });
}

LatencyConsumer::~LatencyConsumer() {
  stop_ = true;
  thread_.join();
}

void LatencyConsumer::AssignAllPartitions(const std::string& topic) {
  std::unique_ptr<rd_kafka_topic_t, TopicDeleter> handle(
      rd_kafka_topic_new(handle_.get(), topic.c_str(), nullptr));
  const rd_kafka_metadata_t* metadata = nullptr;
  const rd_kafka_resp_err_t err =
      rd_kafka_metadata(handle_.get(), 0, handle.get(), &metadata, kMetadataTimeoutMs);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    throw std::runtime_error("metadata of " + topic + ": " + rd_kafka_err2str(err));
  }
  const int partitions = metadata->topic_cnt == 1 && metadata->topics[0].err == 0
                             ? metadata->topics[0].partition_cnt
                             : 0;
  rd_kafka_metadata_destroy(metadata);
  if (partitions == 0) {
    throw std::runtime_error("topic " + topic + " does not exist");
  }
  std::unique_ptr<rd_kafka_topic_partition_list_t, PartitionListDeleter> list(
      rd_kafka_topic_partition_list_new(partitions));
  for (int p = 0; p < partitions; ++p) {
    rd_kafka_topic_partition_list_add(list.get(), topic.c_str(), p)->offset =
        RD_KAFKA_OFFSET_BEGINNING;
  }
  if (const auto assign_err = rd_kafka_assign(handle_.get(), list.get()); assign_err) {
    throw std::runtime_error("assign " + topic + ": " + rd_kafka_err2str(assign_err));
  }
}

void LatencyConsumer::Poll() {
  while (!stop_) {
    std::unique_ptr<rd_kafka_message_t, MessageDeleter> message(
        rd_kafka_consumer_poll(handle_.get(), kPollTimeoutMs));
    // Taken before anything else: the receive time the benchmark reports.
    const Clock::time_point at = Clock::now();
    if (message) {
      Record(*message, at);
    }
  }
}

void LatencyConsumer::Record(const rd_kafka_message_t& message, Clock::time_point at) {
  if (message.err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
    return;
  }
  const void* value = nullptr;
  std::size_t size = 0;
  rd_kafka_headers_t* headers = nullptr;
  const bool has_id = message.err == RD_KAFKA_RESP_ERR_NO_ERROR &&
                      rd_kafka_message_headers(&message, &headers) == 0 &&
                      rd_kafka_header_get_last(headers, id_header_.c_str(), &value, &size) == 0;
  std::lock_guard lock(mutex_);
  if (!has_id) {
    ++errors_;
    std::cerr << "latency consumer: "
              << (message.err != 0 ? rd_kafka_err2str(message.err)
                                   : "message without " + id_header_)
              << '\n';
    return;
  }
  const auto [it, inserted] =
      first_received_.try_emplace(std::string(static_cast<const char*>(value), size), at);
  if (!inserted) {
    ++duplicates_;
  } else {
    timestamps_ms_.emplace(it->first, rd_kafka_message_timestamp(&message, nullptr));
  }
  received_cv_.notify_all();
}

bool LatencyConsumer::WaitForDistinct(std::size_t count, Clock::time_point deadline) {
  std::unique_lock lock(mutex_);
  return received_cv_.wait_until(lock, deadline, [&] { return first_received_.size() >= count; });
}

std::optional<Clock::time_point> LatencyConsumer::ReceivedAt(const std::string& id) const {
  std::lock_guard lock(mutex_);
  const auto it = first_received_.find(id);
  if (it == first_received_.end()) {
    return std::nullopt;
  }
  return it->second;
}

std::optional<std::int64_t> LatencyConsumer::TimestampMs(const std::string& id) const {
  std::lock_guard lock(mutex_);
  const auto it = timestamps_ms_.find(id);
  if (it == timestamps_ms_.end()) {
    return std::nullopt;
  }
  return it->second;
}

std::size_t LatencyConsumer::Distinct() const {
  std::lock_guard lock(mutex_);
  return first_received_.size();
}

std::size_t LatencyConsumer::Duplicates() const {
  std::lock_guard lock(mutex_);
  return duplicates_;
}

std::size_t LatencyConsumer::Errors() const {
  std::lock_guard lock(mutex_);
  return errors_;
}

}  // namespace shop::bench
