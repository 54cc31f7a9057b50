#pragma once
// The reading half of the relay latency benchmark: a librdkafka consumer that assigns itself every
// partition of one topic from the beginning (no consumer group, so no rebalance delay) and records,
// per value of one header (`ce_id` by default; the checkout benchmark uses `ce_subject`, the order
// id), the steady_clock time at which the message was handed to the application.
// The time therefore includes the consumer's own fetch wait (fetch.wait.max.ms, set low).
//
// Thread-safety: the consumer runs on its own thread, started by the constructor and joined by the
// destructor; every public member may be called from any other thread.

#include <librdkafka/rdkafka.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>

namespace shop::bench {

using Clock = std::chrono::steady_clock;

struct ConsumerOptions {
  std::string bootstrap;
  std::string topic;
  std::chrono::milliseconds fetch_wait{5};
  std::string id_header = "ce_id";  // the header that identifies a message
};

class LatencyConsumer {
 public:
  // Assigns every partition of `options.topic` (read from the broker's metadata) at the beginning
  // and starts polling. Throws std::runtime_error when a setting is refused or the topic is
  // unknown.
  explicit LatencyConsumer(const ConsumerOptions& options);
  ~LatencyConsumer();
  LatencyConsumer(const LatencyConsumer&) = delete;
  LatencyConsumer& operator=(const LatencyConsumer&) = delete;

  // Waits until at least `count` distinct ids were received or `deadline` passes. Returns
  // whether the count was reached.
  bool WaitForDistinct(std::size_t count, Clock::time_point deadline);

  // The time of the first receipt of `id`, if any.
  std::optional<Clock::time_point> ReceivedAt(const std::string& id) const;
  // The record timestamp (milliseconds since the epoch: CreateTime, the producer's enqueue, or
  // the broker's LogAppendTime, as the topic says) of the first receipt of `id`, if any.
  std::optional<std::int64_t> TimestampMs(const std::string& id) const;

  std::size_t Distinct() const;
  std::size_t Duplicates() const;
  std::size_t Errors() const;

 private:
  struct HandleDeleter {
    void operator()(rd_kafka_t* rk) const;
  };

  void AssignAllPartitions(const std::string& topic);
  void Poll();
  void Record(const rd_kafka_message_t& message, Clock::time_point at);

  std::string id_header_;
  std::unique_ptr<rd_kafka_t, HandleDeleter> handle_;
  std::atomic<bool> stop_{false};
  mutable std::mutex mutex_;
  std::condition_variable received_cv_;
  std::unordered_map<std::string, Clock::time_point> first_received_;
  std::unordered_map<std::string, std::int64_t> timestamps_ms_;
  std::size_t duplicates_ = 0;
  std::size_t errors_ = 0;
  std::thread thread_;  // declared last: starts after, and is joined before, the members it uses
};

}  // namespace shop::bench
