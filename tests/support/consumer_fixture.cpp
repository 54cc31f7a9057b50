#include "consumer_fixture.hpp"

#include <unistd.h>

#include <atomic>
#include <utility>

#include "events/consumer/dead_letter.hpp"
#include "events/uuid_v7.hpp"
#include "platform/text/rfc3339.hpp"
#include "test_support.hpp"

namespace shop::testing {

using namespace std::chrono_literals;

std::string UniqueName(const std::string& prefix) {
  static std::atomic<int> counter{0};
  return prefix + "-" + std::to_string(::getpid()) + "-" +
         std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()) + "-" +
         std::to_string(counter++);
}

events::CloudEvent TestEvent(const std::string& type, const std::string& subject,
                             const std::string& data, const std::string& source) {
  events::CloudEvent event;
  event.id = events::NewUuidV7();
  event.source = source;
  event.type = type;
  event.time = text::FormatRfc3339Utc(std::chrono::system_clock::now());
  event.subject = subject;
  event.data_schema = "urn:shop:schema:" + type + ":v1";
  event.data = data;
  return event;
}

config::EnvConfig SettingsOf(std::map<std::string, std::string> variables) {
  return config::EnvConfig(
      [variables = std::move(variables)](const std::string& name) -> std::optional<std::string> {
        const auto it = variables.find(name);
        return it == variables.end() ? std::nullopt : std::optional<std::string>(it->second);
      });
}

void ConsumerFixture::OpenDatabase(DatabaseOptions options) {
  group_prefix_ = std::move(options.group_prefix);
  uri_ = CreateDatabase(options.database_prefix);
  {
    pqxx::connection connection(uri_);
    db::ApplyMigrations(connection, db::OrderMigrations(std::move(options.migrations)));
  }
  db::PoolOptions pool_options;
  pool_options.conninfo = uri_;
  pool_options.size = options.pool_size;
  pool_options.statements = std::move(options.statements);
  pool_ = std::make_unique<db::ConnectionPool>(std::move(pool_options));

  std::string error;
  std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
  ASSERT_EQ(conf->set("bootstrap.servers", KafkaBootstrap(), error), RdKafka::Conf::CONF_OK)
      << error;
  ASSERT_EQ(conf->set("enable.idempotence", "true", error), RdKafka::Conf::CONF_OK) << error;
  producer_.reset(RdKafka::Producer::create(conf.get(), error));
  ASSERT_NE(producer_, nullptr) << error;
}

void ConsumerFixture::TearDown() {
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

ConsumerFixture::Group ConsumerFixture::StartConsumer(const std::string& purpose,
                                                      events::consumer::HandlerTable handlers,
                                                      int max_attempts) {
  Group group{.id = UniqueName(group_prefix_ + "." + purpose), .source = {}};
  group.source = group.id + ".source";
  CreateKafkaTopics({group.source, events::consumer::RetryTopic(group.id),
                     events::consumer::DeadLetterTopic(group.id)},
                    1);
  events::consumer::ConsumerOptions options;
  options.group_id = group.id;
  options.bootstrap = KafkaBootstrap();
  options.topics = {group.source};
  options.max_attempts = max_attempts;
  options.backoff = {.base = 10ms, .cap = 50ms};
  consumers_.push_back(std::make_unique<events::consumer::EventConsumer>(
      std::move(options), std::move(handlers), *pool_, registry_));
  events::consumer::EventConsumer* consumer = consumers_.back().get();
  runners_.emplace_back([consumer] { consumer->Run(); });
  return group;
}

void ConsumerFixture::RunServiceTasks(const std::map<std::string, std::string>& settings,
                                      std::initializer_list<TaskFactory> factories) {
  const config::EnvConfig config = SettingsOf(settings);
  service::ServiceObjects objects;
  service::ServiceContext context{
      .config = config, .pool = *pool_, .metrics = registry_, .objects = objects};
  for (const TaskFactory factory : factories) {
    RunTask(factory(context));
  }
}

void ConsumerFixture::RunTask(std::unique_ptr<service::BackgroundTask> task) {
  tasks_.push_back(std::move(task));
  service::BackgroundTask* running = tasks_.back().get();
  runners_.emplace_back([running] { running->Run(); });
}

void ConsumerFixture::Produce(const std::string& topic, const events::CloudEvent& event) {
  ASSERT_NO_THROW(ProduceAndFlush(*producer_, topic, events::ToKafka(event)));
}

void ConsumerFixture::ProduceAndWaitApplied(const Group& group, const events::CloudEvent& event) {
  ASSERT_NO_FATAL_FAILURE(Produce(group.source, event));
  ASSERT_TRUE(WaitFor([&] { return Applied(group.id, event.id); }, kConsumerDeadline))
      << event.type << " " << event.data << " not applied by " << group.id;
}

bool ConsumerFixture::Applied(const std::string& group, const std::string& event_id) {
  pqxx::connection connection(uri_);
  pqxx::work txn(connection);
  return txn.exec_params1(
                "SELECT count(*) FROM processed_events WHERE consumer = $1 AND event_id = $2",
                group, event_id)[0]
             .as<int>() == 1;
}

std::vector<KafkaRecord> ConsumerFixture::ReadTopic(const std::string& topic, std::size_t count) {
  return ReadPartitionZero(topic, count, kConsumerDeadline);
}

double ConsumerFixture::Messages(const std::string& group, const std::string& outcome) {
  return registry_.GetCounter("consumer_messages_total", "", {"group", "outcome"}, {group, outcome})
      .Value();
}

long long ConsumerFixture::Scalar(const std::string& sql) {
  pqxx::connection connection(uri_);
  pqxx::work txn(connection);
  return txn.exec1(sql)[0].as<long long>();
}

void ConsumerFixture::Execute(const std::string& sql) {
  pqxx::connection connection(uri_);
  pqxx::work txn(connection);
  txn.exec(sql);
  txn.commit();
}

}  // namespace shop::testing
