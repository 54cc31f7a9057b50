#include "shopctl_fixture.hpp"

#include <unistd.h>

#include <pqxx/pqxx>

#include "events/catalog/category_events.hpp"
#include "events/consumer/dead_letter.hpp"
#include "events/uuid_v7.hpp"
#include "platform/text/rfc3339.hpp"

namespace shop::shopctl::testing {
namespace {

using namespace std::chrono_literals;
using events::consumer::DeadLetterTopic;
using events::consumer::RetryTopic;

}  // namespace

std::string Unique(const std::string& prefix) {
  static std::atomic<int> counter{0};
  return prefix + "-" + std::to_string(::getpid()) + "-" +
         std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()) + "-" +
         std::to_string(counter++);
}

void ShopctlTest::SetUp() {
  group_ = Unique("shopctl-e2e");
  source_ = Unique("shopctl-e2e.source");
  dlq_ = DeadLetterTopic(group_);
  retry_ = RetryTopic(group_);
  shop::testing::CreateKafkaTopics({source_, retry_, dlq_}, 1);

  char err[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  ASSERT_EQ(rd_kafka_conf_set(conf, "bootstrap.servers", shop::testing::KafkaBootstrap().c_str(),
                              err, sizeof err),
            RD_KAFKA_CONF_OK);
  ASSERT_EQ(rd_kafka_conf_set(conf, "enable.idempotence", "true", err, sizeof err),
            RD_KAFKA_CONF_OK);
  producer_.reset(rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err));
  ASSERT_NE(producer_, nullptr) << err;

  uri_ = shop::testing::CreateDatabase("shopctl_e2e");
  pqxx::connection connection(uri_);
  pqxx::work txn(connection);
  txn.exec(shop::testing::ReferenceInboxSql());
  txn.exec(
      "CREATE TABLE replica (id text PRIMARY KEY, name text NOT NULL, version int NOT NULL);"
      "CREATE TABLE effects (event_id text NOT NULL, subject text NOT NULL)");
  txn.commit();
  db::PoolOptions pool_options;
  pool_options.conninfo = uri_;
  pool_options.size = 2;
  pool_ = std::make_unique<db::ConnectionPool>(std::move(pool_options));

  char dir_template[4096];
  const char* tmp = std::getenv("SHOP_TEST_TMPDIR");
  std::snprintf(dir_template, sizeof dir_template, "%s/shopctl-XXXXXX",
                tmp != nullptr ? tmp : "/tmp");
  ASSERT_NE(::mkdtemp(dir_template), nullptr);
  dir_ = dir_template;
}

void ShopctlTest::TearDown() {
  if (consumer_) {
    consumer_->Stop();
  }
  if (runner_.joinable()) {
    runner_.join();
  }
}

shop::testing::ChildProcess ShopctlTest::StartShopctl(const std::vector<std::string>& args) {
  ++runs_;
  const std::string out = dir_ + "/run" + std::to_string(runs_) + ".out";
  const std::string err = dir_ + "/run" + std::to_string(runs_) + ".err";
  std::vector<std::string> sh_args = {"-c", "exec \"$0\" \"$@\" >'" + out + "' 2>'" + err + "'",
                                      SHOPCTL_BIN};
  sh_args.insert(sh_args.end(), args.begin(), args.end());
  return shop::testing::ChildProcess("/bin/sh", sh_args,
                                     {{"SHOP_KAFKA_BOOTSTRAP", shop::testing::KafkaBootstrap()}});
}

ShopctlResult ShopctlTest::Shopctl(const std::vector<std::string>& args,
                                   const std::map<std::string, std::string>& env) {
  ++runs_;
  const std::string out = dir_ + "/run" + std::to_string(runs_) + ".out";
  const std::string err = dir_ + "/run" + std::to_string(runs_) + ".err";
  std::vector<std::string> sh_args = {"-c", "exec \"$0\" \"$@\" >'" + out + "' 2>'" + err + "'",
                                      SHOPCTL_BIN};
  sh_args.insert(sh_args.end(), args.begin(), args.end());
  std::map<std::string, std::string> full_env = {
      {"SHOP_KAFKA_BOOTSTRAP", shop::testing::KafkaBootstrap()}};
  for (const auto& [name, value] : env) {
    full_env[name] = value;
  }
  shop::testing::ChildProcess child("/bin/sh", sh_args, full_env);
  ShopctlResult result;
  result.exit_code = child.Wait(60s).value_or(-1);
  result.out = shop::testing::ReadTextFile(out);
  result.err = shop::testing::ReadTextFile(err);
  return result;
}

void ShopctlTest::StartConsumer() {
  events::consumer::HandlerTable handlers;
  handlers.On<events::CategoryUpdated>([this](pqxx::work& txn,
                                              const events::CategoryUpdated& category,
                                              const events::CloudEvent& event) {
    if (fault_.load()) {
      throw events::consumer::PermanentError("handler fault injected by the test");
    }
    txn.exec_params("INSERT INTO effects(event_id, subject) VALUES ($1, $2)", event.id,
                    event.subject);
    // The versioned upsert of DESIGN.md section 5: an older version changes nothing.
    txn.exec_params(
        "INSERT INTO replica(id, name, version) VALUES ($1, $2, $3) ON CONFLICT (id) DO UPDATE "
        "SET name = EXCLUDED.name, version = EXCLUDED.version "
        "WHERE replica.version < EXCLUDED.version",
        event.subject, category.name, category.version);
  });
  events::consumer::ConsumerOptions options;
  options.group_id = group_;
  options.bootstrap = shop::testing::KafkaBootstrap();
  options.topics = {source_};
  options.max_attempts = 1;
  options.backoff = {.base = 10ms, .cap = 50ms};
  consumer_ = std::make_unique<events::consumer::EventConsumer>(
      std::move(options), std::move(handlers), *pool_, registry_);
  runner_ = std::thread([this] { consumer_->Run(); });
}

events::CloudEvent ShopctlTest::Event(const std::string& subject, const std::string& name,
                                      int version) {
  events::CloudEvent event;
  event.id = events::NewUuidV7();
  event.source = "/services/shopctl-test";
  event.type = "category.updated";
  event.time = text::FormatRfc3339Utc(std::chrono::system_clock::now());
  event.subject = subject;
  event.data_schema = "urn:shop:schema:category.updated:v1";
  event.data = events::CategoryUpdated{{.id = "0191d0a2-7c4e-7a3b-9f10-2b3c4d5e6f70",
                                        .name = name,
                                        .slug = "s",
                                        .parent_id = std::nullopt,
                                        .version = version}}
                   .ToJson();
  return event;
}

void ShopctlTest::Produce(const events::CloudEvent& event) {
  const events::KafkaMessage message = events::ToKafka(event);
  rd_kafka_headers_t* headers = rd_kafka_headers_new(message.headers.size());
  for (const auto& [name, value] : message.headers) {
    rd_kafka_header_add(headers, name.data(), static_cast<ssize_t>(name.size()), value.data(),
                        static_cast<ssize_t>(value.size()));
  }
  const rd_kafka_resp_err_t err = rd_kafka_producev(
      producer_.get(), RD_KAFKA_V_TOPIC(source_.c_str()),
      RD_KAFKA_V_KEY(const_cast<char*>(message.key.data()), message.key.size()),
      RD_KAFKA_V_VALUE(const_cast<char*>(message.value.data()), message.value.size()),
      RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_HEADERS(headers), RD_KAFKA_V_END);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    rd_kafka_headers_destroy(headers);
  }
  ASSERT_EQ(err, RD_KAFKA_RESP_ERR_NO_ERROR) << rd_kafka_err2str(err);
  ASSERT_EQ(rd_kafka_flush(producer_.get(), 30000), RD_KAFKA_RESP_ERR_NO_ERROR);
}

void ShopctlTest::ProduceRaw(const std::string& key, const std::string& value) {
  const rd_kafka_resp_err_t err =
      rd_kafka_producev(producer_.get(), RD_KAFKA_V_TOPIC(source_.c_str()),
                        RD_KAFKA_V_KEY(const_cast<char*>(key.data()), key.size()),
                        RD_KAFKA_V_VALUE(const_cast<char*>(value.data()), value.size()),
                        RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END);
  ASSERT_EQ(err, RD_KAFKA_RESP_ERR_NO_ERROR) << rd_kafka_err2str(err);
  ASSERT_EQ(rd_kafka_flush(producer_.get(), 30000), RD_KAFKA_RESP_ERR_NO_ERROR);
}

std::int64_t ShopctlTest::EndOffset(const std::string& topic) {
  std::int64_t low = 0, high = 0;
  const rd_kafka_resp_err_t err =
      rd_kafka_query_watermark_offsets(producer_.get(), topic.c_str(), 0, &low, &high, 10000);
  EXPECT_EQ(err, RD_KAFKA_RESP_ERR_NO_ERROR) << rd_kafka_err2str(err);
  return high;
}

bool ShopctlTest::WaitForDeadLetters(std::int64_t count) {
  return shop::testing::WaitFor([&] { return EndOffset(dlq_) >= count; }, 120s);
}

std::int64_t ShopctlTest::Scalar(const std::string& sql) {
  pqxx::connection connection(uri_);
  pqxx::work txn(connection);
  return txn.exec1(sql)[0].as<std::int64_t>();
}

std::optional<std::string> ShopctlTest::ReplicaName(const std::string& id) {
  pqxx::connection connection(uri_);
  pqxx::work txn(connection);
  const pqxx::result r = txn.exec_params("SELECT name FROM replica WHERE id = $1", id);
  if (r.empty()) {
    return std::nullopt;
  }
  return r[0][0].as<std::string>();
}

double ShopctlTest::Messages(const std::string& outcome) {
  return registry_
      .GetCounter("consumer_messages_total", "", {"group", "outcome"}, {group_, outcome})
      .Value();
}

}  // namespace shop::shopctl::testing
