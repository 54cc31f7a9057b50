#pragma once
// A fresh cart database (migrations applied) and cart.*-sync consumers run on threads against the
// shared Kafka of tests/run, each under a group of its own with its own source, .retry and .dlq
// topics, so tests never see each other's events.

#include <gtest/gtest.h>
#include <librdkafka/rdkafkacpp.h>

#include <chrono>
#include <initializer_list>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "events/cloud_event.hpp"
#include "events/consumer/event_consumer.hpp"
#include "kafka_records.hpp"
#include "platform/db/pool.hpp"
#include "platform/metrics/registry.hpp"
#include "platform/service/background_task.hpp"
#include "platform/service/service_main.hpp"

namespace shop::cart::testing {

inline constexpr std::chrono::seconds kDeadline{60};

// `prefix` plus the process id, a clock reading and a counter.
std::string Unique(const std::string& prefix);

// A CloudEvent of `type` about `subject` with `data` as its JSON data and a fresh ce_id.
events::CloudEvent Event(const std::string& type, const std::string& subject,
                         const std::string& data);

// A Kafka record read back from a topic.
using Record = ::shop::testing::KafkaRecord;

class CartSyncFixture : public ::testing::Test {
 protected:
  // A consumer group of the test reading one source topic (1 partition: order is kept).
  struct Group {
    std::string id;
    std::string source;
  };

  void SetUp() override;
  void TearDown() override;  // stops every consumer started by the test

  // Creates a unique group, its source, .retry and .dlq topics, and runs an EventConsumer with
  // `handlers` on a thread until TearDown.
  Group StartConsumer(const std::string& purpose, events::consumer::HandlerTable handlers,
                      int max_attempts = 5);
  // Runs `task` (e.g. one made by MakeUserSync) on a thread until TearDown.
  void RunTask(std::unique_ptr<service::BackgroundTask> task);
  // Runs the task each of `factories` (MakeUserSync, ...) makes from a service context whose
  // settings are `settings` alone and whose pool and metrics are this fixture's, until TearDown.
  using TaskFactory = std::unique_ptr<service::BackgroundTask> (*)(service::ServiceContext&);
  void RunServiceTasks(const std::map<std::string, std::string>& settings,
                       std::initializer_list<TaskFactory> factories);
  // Produces `event` (CloudEvents binary mode) to `topic` and waits for the acknowledgement.
  void Produce(const std::string& topic, const events::CloudEvent& event);
  // Produces `event` and waits until `group` has applied it (its processed_events row committed
  // with the effect) or found it a duplicate.
  void ProduceAndWaitApplied(const Group& group, const events::CloudEvent& event);
  bool Applied(const std::string& group, const std::string& event_id);
  // Reads up to `count` records of `topic` partition 0 from the beginning, until the deadline.
  std::vector<Record> ReadTopic(const std::string& topic, std::size_t count);
  double Messages(const std::string& group, const std::string& outcome);

  long long Scalar(const std::string& sql);
  void Execute(const std::string& sql);

  std::string uri_;
  std::unique_ptr<db::ConnectionPool> pool_;
  metrics::Registry registry_;

 private:
  std::unique_ptr<RdKafka::Producer> producer_;
  std::vector<std::unique_ptr<events::consumer::EventConsumer>> consumers_;
  std::vector<std::unique_ptr<service::BackgroundTask>> tasks_;
  std::vector<std::thread> runners_;
};

}  // namespace shop::cart::testing
