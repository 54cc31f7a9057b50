#pragma once
// A fixture for consumer groups run in-process against the shared Postgres and Kafka of
// tests/run: a fresh database with a service's migrations, EventConsumers (or a service's consumer
// tasks) on threads, each under a group of its own with its own source, .retry and .dlq topics, so
// tests never see each other's events.
//
//   class MySyncTest : public shop::testing::ConsumerFixture {
//     void SetUp() override {
//       OpenDatabase({.database_prefix = "my_it", .group_prefix = "my-it",
//                     .migrations = my::Migrations(), .statements = my::Statements()});
//     }
//   };

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
#include "platform/config/env_config.hpp"
#include "platform/db/migrations.hpp"
#include "platform/db/pool.hpp"
#include "platform/metrics/registry.hpp"
#include "platform/service/background_task.hpp"
#include "platform/service/service_main.hpp"

namespace shop::testing {

inline constexpr std::chrono::seconds kConsumerDeadline{60};

// `prefix` plus the process id, a clock reading and a counter.
std::string UniqueName(const std::string& prefix);

// A CloudEvent of `type` about `subject` with `data` as its JSON data, the type's v1 schema id, a
// fresh ce_id and `source` as ce_source.
events::CloudEvent TestEvent(const std::string& type, const std::string& subject,
                             const std::string& data,
                             const std::string& source = "/services/consumer-test");

// Settings read from `variables` only (not the process environment), for a service's factories
// (e.g. a consumer task made from ConsumerOptionsFromEnv).
config::EnvConfig SettingsOf(std::map<std::string, std::string> variables);

class ConsumerFixture : public ::testing::Test {
 protected:
  // A consumer group of the test reading one source topic (1 partition: order is kept).
  struct Group {
    std::string id;
    std::string source;
  };

  struct DatabaseOptions {
    std::string database_prefix;  // of the database's name
    std::string group_prefix;     // of the groups' ids
    std::vector<db::MigrationSource> migrations;
    std::vector<db::PreparedStatement> statements;  // prepared on each pooled connection
    std::size_t pool_size = 4;
  };

  // Creates the database, applies the migrations, opens pool_ and the test's producer. A derived
  // fixture's SetUp calls it first.
  void OpenDatabase(DatabaseOptions options);
  void TearDown() override;  // stops every consumer and task started by the test

  // Creates a unique group, its source, .retry and .dlq topics, and runs an EventConsumer with
  // `handlers` on a thread until TearDown.
  Group StartConsumer(const std::string& purpose, events::consumer::HandlerTable handlers,
                      int max_attempts = 5);
  // Runs `task` (e.g. one a service's factory made) on a thread until TearDown.
  void RunTask(std::unique_ptr<service::BackgroundTask> task);
  // Runs the task each of `factories` (a service's MakeUserSync, ...) makes from a service context
  // whose settings are `settings` alone and whose pool and metrics are this fixture's, until
  // TearDown.
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
  std::vector<KafkaRecord> ReadTopic(const std::string& topic, std::size_t count);
  // consumer_messages_total of `group` with `outcome` (applied, duplicate, ...).
  double Messages(const std::string& group, const std::string& outcome);

  long long Scalar(const std::string& sql);
  void Execute(const std::string& sql);

  std::string uri_;
  std::unique_ptr<db::ConnectionPool> pool_;
  metrics::Registry registry_;

 private:
  std::string group_prefix_;
  std::unique_ptr<RdKafka::Producer> producer_;
  std::vector<std::unique_ptr<events::consumer::EventConsumer>> consumers_;
  std::vector<std::unique_ptr<service::BackgroundTask>> tasks_;
  std::vector<std::thread> runners_;
};

}  // namespace shop::testing
