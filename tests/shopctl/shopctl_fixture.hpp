#pragma once
// A consumer group of the test's own for shopctl's end-to-end tests: a source topic, its
// `<group>.retry` and `<group>.dlq`, a database with the inbox and a versioned replica, and an
// in-process EventConsumer whose handler fails (permanently, so the event is dead-lettered) while
// the fault is on. shopctl runs as a child process with SHOP_KAFKA_BOOTSTRAP set.

#include <gtest/gtest.h>
#include <librdkafka/rdkafka.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "events/cloud_event.hpp"
#include "events/consumer/event_consumer.hpp"
#include "test_support.hpp"

namespace shop::shopctl::testing {

struct ShopctlResult {
  int exit_code = -1;
  std::string out{};
  std::string err{};
};

std::string Unique(const std::string& prefix);

class ShopctlTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  // Runs shopctl to completion (60 s at most) with SHOP_KAFKA_BOOTSTRAP of the shared broker.
  ShopctlResult Shopctl(const std::vector<std::string>& args,
                        const std::map<std::string, std::string>& env = {});
  // Starts shopctl in the background; stdout and stderr go to files of the test's folder.
  shop::testing::ChildProcess StartShopctl(const std::vector<std::string>& args);

  void StartConsumer();
  // A category.updated-like event of `subject` whose data carries name and version.
  events::CloudEvent Event(const std::string& subject, const std::string& name, int version);
  void Produce(const events::CloudEvent& event);
  void ProduceRaw(const std::string& key, const std::string& value);

  std::int64_t EndOffset(const std::string& topic);
  // Waits until `<group>.dlq` holds `count` messages.
  bool WaitForDeadLetters(std::int64_t count);
  std::int64_t Scalar(const std::string& sql);
  std::optional<std::string> ReplicaName(const std::string& id);
  double Messages(const std::string& outcome);

  std::string group_, source_, dlq_, retry_, uri_, dir_;
  std::atomic<bool> fault_{false};

 private:
  std::unique_ptr<rd_kafka_t, void (*)(rd_kafka_t*)> producer_{nullptr, rd_kafka_destroy};
  std::unique_ptr<db::ConnectionPool> pool_;
  metrics::Registry registry_;
  std::unique_ptr<events::consumer::EventConsumer> consumer_;
  std::thread runner_;
  int runs_ = 0;
};

}  // namespace shop::shopctl::testing
