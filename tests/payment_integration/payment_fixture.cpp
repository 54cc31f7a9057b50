#include "payment_fixture.hpp"

#include <signal.h>

#include <pqxx/pqxx>
#include <stdexcept>

#include "events/catalog/order_events.hpp"
#include "events/consumer/dead_letter.hpp"
#include "events/uuid_v7.hpp"
#include "kafka_records.hpp"
#include "platform/text/rfc3339.hpp"
#include "test_support.hpp"

namespace shop::payment::testing {
namespace {

using shop::testing::KafkaBootstrap;

const std::vector<std::string> kSourceTopics = {"order.payment_requested", "order.cancelled"};

void Check(RdKafka::ErrorCode code, const std::string& what) {
  if (code != RdKafka::ERR_NO_ERROR) {
    throw std::runtime_error(what + ": " + RdKafka::err2str(code));
  }
}

// Commits `group`'s offsets at the current end of every partition of `topics`, so a consumer of
// the group starts after everything already there (events of other tests).
void PositionGroupAtEnd(const std::string& group, const std::vector<std::string>& topics) {
  std::string error;
  std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
  if (conf->set("bootstrap.servers", KafkaBootstrap(), error) != RdKafka::Conf::CONF_OK ||
      conf->set("group.id", group, error) != RdKafka::Conf::CONF_OK ||
      conf->set("enable.auto.commit", "false", error) != RdKafka::Conf::CONF_OK) {
    throw std::runtime_error(error);
  }
  std::unique_ptr<RdKafka::KafkaConsumer> consumer(
      RdKafka::KafkaConsumer::create(conf.get(), error));
  if (!consumer) {
    throw std::runtime_error("cannot create a Kafka consumer: " + error);
  }
  std::vector<RdKafka::TopicPartition*> ends;
  for (const std::string& topic : topics) {
    std::unique_ptr<RdKafka::Topic> handle(
        RdKafka::Topic::create(consumer.get(), topic, nullptr, error));
    RdKafka::Metadata* raw = nullptr;
    Check(consumer->metadata(false, handle.get(), &raw, 10000), "metadata of " + topic);
    const std::unique_ptr<RdKafka::Metadata> metadata(raw);
    const auto partitions = metadata->topics()->at(0)->partitions()->size();
    for (std::size_t p = 0; p < partitions; ++p) {
      std::int64_t low = 0;
      std::int64_t high = 0;
      // A broker that has just started may not have elected the partition's leader yet.
      RdKafka::ErrorCode answer = RdKafka::ERR_NO_ERROR;
      shop::testing::WaitFor(
          [&] {
            answer =
                consumer->query_watermark_offsets(topic, static_cast<int>(p), &low, &high, 5000);
            return answer == RdKafka::ERR_NO_ERROR;
          },
          std::chrono::seconds(30));
      Check(answer, "watermarks of " + topic);
      ends.push_back(RdKafka::TopicPartition::create(topic, static_cast<int>(p), high));
    }
  }
  const RdKafka::ErrorCode assigned = consumer->assign(ends);
  const RdKafka::ErrorCode committed =
      assigned == RdKafka::ERR_NO_ERROR ? consumer->commitSync(ends) : assigned;
  RdKafka::TopicPartition::destroy(ends);
  consumer->close();
  Check(committed, "commit of " + group + "'s start offsets");
}

events::CloudEvent OrderEvent(const events::EventTypeInfo& type, const std::string& order_id,
                              std::string data, const std::string& traceparent) {
  events::CloudEvent event;
  event.id = events::NewUuidV7();
  event.source = "/services/order";
  event.type = std::string(type.type);
  event.time = text::FormatRfc3339Utc(std::chrono::system_clock::now());
  event.subject = order_id;
  event.data_schema = std::string(type.schema_id);
  event.traceparent = traceparent;
  event.data = std::move(data);
  return event;
}

}  // namespace

void PaymentFixture::SetUp() {
  payment_db_ = shop::testing::CreateDatabase("payment_it");
  sim_db_ = shop::testing::CreateDatabase("payment_sim_it");
  group_ = "payment-it." + NewId();
  shop::testing::CreateKafkaTopics(
      {events::consumer::RetryTopic(group_), events::consumer::DeadLetterTopic(group_)}, 1);
  ASSERT_NO_THROW(PositionGroupAtEnd(group_, kSourceTopics));
  sim_port_ = shop::testing::FreePort();
  payment_port_ = shop::testing::FreePort();

  std::string error;
  std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
  ASSERT_EQ(conf->set("bootstrap.servers", KafkaBootstrap(), error), RdKafka::Conf::CONF_OK);
  ASSERT_EQ(conf->set("enable.idempotence", "true", error), RdKafka::Conf::CONF_OK);
  producer_.reset(RdKafka::Producer::create(conf.get(), error));
  ASSERT_NE(producer_, nullptr) << error;
}

void PaymentFixture::StartSim(std::map<std::string, std::string> env) {
  env.emplace("SHOP_HTTP_WORKERS", "16");
  sim_.reset();
  sim_.emplace(PAYMENT_PROVIDER_SIM_BIN, sim_db_, std::move(env), sim_port_);
}

void PaymentFixture::KillSim() {
  sim_->process().Signal(SIGKILL);
  ASSERT_TRUE(sim_->process().Wait(std::chrono::seconds(10)).has_value());
  sim_.reset();
}

void PaymentFixture::StartPayment(std::map<std::string, std::string> env) {
  if (payment_env_.empty() || !env.empty()) {
    payment_env_ = {{"SHOP_PAYMENT_ORDER_EVENTS_GROUP", group_},
                    {"SHOP_KAFKA_INSTANCE_ID", group_ + "-payment"},
                    {"SHOP_PAYMENT_PROVIDER_URL", "http://127.0.0.1:" + std::to_string(sim_port_)},
                    {"SHOP_PAYMENT_PROVIDER_TIMEOUT", "1s"},
                    {"SHOP_PAYMENT_PROVIDER_BREAKER_OPEN", "1s"},
                    {"SHOP_PAYMENT_RETRY_BASE", "100ms"},
                    {"SHOP_PAYMENT_RETRY_CAP", "500ms"},
                    {"SHOP_PAYMENT_POLL_INTERVAL", "50ms"}};
    for (auto& [name, value] : env) {
      payment_env_[name] = value;
    }
  }
  payment_.reset();
  payment_.emplace(PAYMENT_SERVICE_BIN, payment_db_, payment_env_, payment_port_);
}

void PaymentFixture::KillPayment() {
  payment_->process().Signal(SIGKILL);
  ASSERT_TRUE(payment_->process().Wait(std::chrono::seconds(10)).has_value());
  payment_.reset();
}

void PaymentFixture::StartSecondPayment() {
  std::map<std::string, std::string> env = payment_env_;
  env["SHOP_KAFKA_INSTANCE_ID"] = group_ + "-payment-2";
  second_payment_.emplace(PAYMENT_SERVICE_BIN, payment_db_, std::move(env));
}

std::string PaymentFixture::NewId() { return events::NewUuidV7(); }

std::string PaymentFixture::RequestPayment(const std::string& order_id, const std::string& user_id,
                                           const std::string& token, const std::string& amount,
                                           const std::string& traceparent) {
  const events::OrderPaymentRequested request{.order_id = order_id,
                                              .user_id = user_id,
                                              .amount = amount,
                                              .payment_token = token,
                                              .version = 3};
  return ProduceAndWait(
      OrderEvent(events::OrderPaymentRequested::kType, order_id, request.ToJson(), traceparent));
}

std::string PaymentFixture::CancelOrder(const std::string& order_id, const std::string& user_id,
                                        const std::string& traceparent) {
  events::OrderCancelled cancelled;
  cancelled.order_id = order_id;
  cancelled.user_id = user_id;
  cancelled.status = "cancelled";
  cancelled.cancel_reason = "customer";
  cancelled.lines = {{.product_id = NewId(),
                      .name = "Kettle",
                      .unit_price = "59.90",
                      .quantity = 1,
                      .line_total = "59.90",
                      .seller_id = std::nullopt}};
  cancelled.subtotal = "59.90";
  cancelled.discount = "0.00";
  cancelled.total = "59.90";
  cancelled.shipping_address = {.name = "Ada Lovelace",
                                .line1 = "1 Main Street",
                                .city = "London",
                                .postal_code = "N1 9GU",
                                .country = "GB"};
  cancelled.version = 5;
  return ProduceAndWait(
      OrderEvent(events::OrderCancelled::kType, order_id, cancelled.ToJson(), traceparent));
}

std::string PaymentFixture::ProduceAndWait(const events::CloudEvent& event) {
  shop::testing::ProduceAndFlush(*producer_, event.type, events::ToKafka(event));
  if (!shop::testing::WaitFor([&] { return Applied(event.id); }, kDeadline)) {
    throw std::runtime_error(event.type + " for " + event.subject + " was not applied by " +
                             group_);
  }
  return event.id;
}

bool PaymentFixture::Applied(const std::string& event_id) {
  pqxx::connection connection(payment_db_);
  pqxx::work txn(connection);
  return txn.exec_params1(
                "SELECT count(*) FROM processed_events WHERE consumer = $1 AND event_id = $2",
                group_, event_id)[0]
             .as<int>() == 1;
}

std::string PaymentFixture::Status(const std::string& order_id) {
  pqxx::connection connection(payment_db_);
  pqxx::work txn(connection);
  const pqxx::result r =
      txn.exec_params("SELECT status FROM payments WHERE order_id = $1::uuid", order_id);
  return r.empty() ? "" : r[0][0].as<std::string>();
}

bool PaymentFixture::WaitForStatus(const std::string& order_id, const std::string& status) {
  return shop::testing::WaitFor([&] { return Status(order_id) == status; }, kDeadline);
}

long long PaymentFixture::Column(const std::string& order_id, const std::string& column) {
  pqxx::connection connection(payment_db_);
  pqxx::work txn(connection);
  // The column name is the test's own constant, quoted.
  return txn
      .exec_params1(
          "SELECT " + txn.quote_name(column) + "::bigint FROM payments WHERE order_id = $1::uuid",
          order_id)[0]
      .as<long long>();
}

bool PaymentFixture::TokenCleared(const std::string& order_id) {
  pqxx::connection connection(payment_db_);
  pqxx::work txn(connection);
  return txn
      .exec_params1("SELECT token IS NULL FROM payments WHERE order_id = $1::uuid", order_id)[0]
      .as<bool>();
}

std::vector<OutboxEvent> PaymentFixture::Events(const std::string& order_id) {
  pqxx::connection connection(payment_db_);
  pqxx::work txn(connection);
  std::vector<OutboxEvent> events;
  for (const pqxx::row& r : txn.exec_params(
           "SELECT event_type, payload::text, COALESCE(headers->>'traceparent', '') FROM outbox "
           "WHERE key = $1 ORDER BY id",
           order_id)) {
    events.push_back({.type = r[0].as<std::string>(),
                      .data = nlohmann::json::parse(r[1].as<std::string>()),
                      .traceparent = r[2].as<std::string>()});
  }
  return events;
}

nlohmann::json PaymentFixture::Ledger(const std::string& order_id) {
  const shop::testing::HttpResult answer =
      shop::testing::HttpCall(sim_port_, "GET", "/charges?order_id=" + order_id);
  if (answer.status != 200) {
    throw std::runtime_error("the sim answered " + std::to_string(answer.status) + ": " +
                             answer.body);
  }
  return nlohmann::json::parse(answer.body);
}

}  // namespace shop::payment::testing
