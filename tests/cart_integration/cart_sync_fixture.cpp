#include "cart_sync_fixture.hpp"

#include <unistd.h>

#include <atomic>
#include <utility>

#include "cart/migrations.hpp"
#include "cart/store/statements.hpp"
#include "events/consumer/dead_letter.hpp"
#include "events/uuid_v7.hpp"
#include "platform/config/env_config.hpp"
#include "platform/db/migrations.hpp"
#include "platform/text/rfc3339.hpp"
#include "test_support.hpp"

namespace shop::cart::testing {

using namespace std::chrono_literals;

std::string Unique(const std::string& prefix) {
  static std::atomic<int> counter{0};
  return prefix + "-" + std::to_string(::getpid()) + "-" +
         std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()) + "-" +
         std::to_string(counter++);
}

events::CloudEvent Event(const std::string& type, const std::string& subject,
                         const std::string& data) {
  events::CloudEvent event;
  event.id = events::NewUuidV7();
  event.source = "/services/cart-sync-test";
  event.type = type;
  event.time = text::FormatRfc3339Utc(std::chrono::system_clock::now());
  event.subject = subject;
  event.data_schema = "urn:shop:schema:" + type + ":v1";
  event.data = data;
  return event;
}

void CartSyncFixture::SetUp() {
  uri_ = shop::testing::CreateDatabase("cart_sync_it");
  {
    pqxx::connection connection(uri_);
    db::ApplyMigrations(connection, db::OrderMigrations(cart::Migrations()));
  }
  db::PoolOptions pool_options;
  pool_options.conninfo = uri_;
  pool_options.size = 4;
  pool_options.statements = CartServiceStatements();
  pool_ = std::make_unique<db::ConnectionPool>(std::move(pool_options));

  std::string error;
  std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
  ASSERT_EQ(conf->set("bootstrap.servers", shop::testing::KafkaBootstrap(), error),
            RdKafka::Conf::CONF_OK)
      << error;
  ASSERT_EQ(conf->set("enable.idempotence", "true", error), RdKafka::Conf::CONF_OK) << error;
  producer_.reset(RdKafka::Producer::create(conf.get(), error));
  ASSERT_NE(producer_, nullptr) << error;
}

void CartSyncFixture::TearDown() {
  for (const auto& consumer : consumers_) {
    consumer->Stop();
  }
  for (const auto& task : tasks_) {
    task->Stop();
  }
  for (std::thread& runner : runners_) {
    runner.join();
  }
}

CartSyncFixture::Group CartSyncFixture::StartConsumer(const std::string& purpose,
                                                      events::consumer::HandlerTable handlers,
                                                      int max_attempts) {
  Group group{.id = Unique("cart-it." + purpose), .source = {}};
  group.source = group.id + ".source";
  shop::testing::CreateKafkaTopics({group.source, events::consumer::RetryTopic(group.id),
                                    events::consumer::DeadLetterTopic(group.id)},
                                   1);
  events::consumer::ConsumerOptions options;
  options.group_id = group.id;
  options.bootstrap = shop::testing::KafkaBootstrap();
  options.topics = {group.source};
  options.max_attempts = max_attempts;
  options.backoff = {.base = 10ms, .cap = 50ms};
  consumers_.push_back(std::make_unique<events::consumer::EventConsumer>(
      std::move(options), std::move(handlers), *pool_, registry_));
  events::consumer::EventConsumer* consumer = consumers_.back().get();
  runners_.emplace_back([consumer] { consumer->Run(); });
  return group;
}

void CartSyncFixture::RunTask(std::unique_ptr<service::BackgroundTask> task) {
  tasks_.push_back(std::move(task));
  service::BackgroundTask* running = tasks_.back().get();
  runners_.emplace_back([running] { running->Run(); });
}

void CartSyncFixture::RunServiceTasks(const std::map<std::string, std::string>& settings,
                                      std::initializer_list<TaskFactory> factories) {
  const config::EnvConfig config([&settings](const std::string& name) {
    const auto it = settings.find(name);
    return it == settings.end() ? std::nullopt : std::optional<std::string>(it->second);
  });
  service::ServiceObjects objects;
  service::ServiceContext context{
      .config = config, .pool = *pool_, .metrics = registry_, .objects = objects};
  for (const TaskFactory factory : factories) {
    RunTask(factory(context));
  }
}

void CartSyncFixture::Produce(const std::string& topic, const events::CloudEvent& event) {
  ASSERT_NO_THROW(::shop::testing::ProduceAndFlush(*producer_, topic, events::ToKafka(event)));
}

void CartSyncFixture::ProduceAndWaitApplied(const Group& group, const events::CloudEvent& event) {
  ASSERT_NO_FATAL_FAILURE(Produce(group.source, event));
  ASSERT_TRUE(shop::testing::WaitFor([&] { return Applied(group.id, event.id); }, kDeadline))
      << event.type << " " << event.data << " not applied by " << group.id;
}

bool CartSyncFixture::Applied(const std::string& group, const std::string& event_id) {
  pqxx::connection connection(uri_);
  pqxx::work txn(connection);
  return txn.exec_params1(
                "SELECT count(*) FROM processed_events WHERE consumer = $1 AND event_id = $2",
                group, event_id)[0]
             .as<int>() == 1;
}

std::vector<Record> CartSyncFixture::ReadTopic(const std::string& topic, std::size_t count) {
  return ::shop::testing::ReadPartitionZero(topic, count, kDeadline);
}

double CartSyncFixture::Messages(const std::string& group, const std::string& outcome) {
  return registry_.GetCounter("consumer_messages_total", "", {"group", "outcome"}, {group, outcome})
      .Value();
}

long long CartSyncFixture::Scalar(const std::string& sql) {
  pqxx::connection connection(uri_);
  pqxx::work txn(connection);
  return txn.exec1(sql)[0].as<long long>();
}

void CartSyncFixture::Execute(const std::string& sql) {
  pqxx::connection connection(uri_);
  pqxx::work txn(connection);
  txn.exec(sql);
  txn.commit();
}

}  // namespace shop::cart::testing
