#include "notification_fixture.hpp"

#include <signal.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <sstream>
#include <stdexcept>

#include "events/catalog/delivery_events.hpp"
#include "events/catalog/order_events.hpp"
#include "events/catalog/user_events.hpp"
#include "events/consumer/dead_letter.hpp"
#include "events/uuid_v7.hpp"
#include "kafka_records.hpp"
#include "platform/text/rfc3339.hpp"

namespace shop::notification::testing {
namespace {

namespace fs = std::filesystem;

events::CloudEvent Event(const events::EventTypeInfo& type, const std::string& source,
                         const std::string& subject, std::string data) {
  events::CloudEvent event;
  event.id = events::NewUuidV7();
  event.source = source;
  event.type = std::string(type.type);
  event.time = text::FormatRfc3339Utc(std::chrono::system_clock::now());
  event.subject = subject;
  event.data_schema = std::string(type.schema_id);
  event.data = std::move(data);
  return event;
}

events::OrderState Order(const std::string& order_id, const std::string& user_id,
                         const std::string& status) {
  events::OrderState order;
  order.order_id = order_id;
  order.user_id = user_id;
  order.status = status;
  order.lines = {{.product_id = events::NewUuidV7(),
                  .name = "Kettle",
                  .unit_price = "59.90",
                  .quantity = 1,
                  .line_total = "59.90",
                  .seller_id = std::nullopt}};
  order.subtotal = "59.90";
  order.discount = "0.00";
  order.total = "59.90";
  order.shipping_address = {.name = "Ada Lovelace",
                            .line1 = "1 Main Street",
                            .city = "London",
                            .postal_code = "N1 9GU",
                            .country = "GB"};
  order.version = 4;
  return order;
}

events::ShipmentState Shipment(const std::string& shipment_id, const std::string& order_id,
                               const std::string& user_id, const std::string& status,
                               long long version) {
  return {.shipment_id = shipment_id,
          .order_id = order_id,
          .user_id = user_id,
          .status = status,
          .tracking_number = "TRK-" + shipment_id.substr(shipment_id.size() - 8),
          .at = text::FormatRfc3339Utc(std::chrono::system_clock::now()),
          .version = version};
}

}  // namespace

void NotificationFixture::SetUp() {
  kafka_ = std::make_unique<shop::testing::PrivateKafka>();
  database_ = shop::testing::CreateDatabase("notification_it");
  std::string pattern = shop::testing::RequiredEnv("SHOP_TEST_TMPDIR") + "/notification-XXXXXX";
  ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
  dir_ = pattern;
  maildir_ = dir_ + "/mail";
  sink_port_ = shop::testing::FreePort();

  producer_ = shop::testing::NewTestProducer(kafka_->Bootstrap());
}

void NotificationFixture::TearDown() {
  service_.reset();
  sink_.reset();
  producer_.reset();
  kafka_.reset();
}

void NotificationFixture::StartSink(double delay_seconds) {
  if (sink_) {
    sink_->Start(delay_seconds);
    return;
  }
  sink_ = std::make_unique<shop::testing::MailSink>(
      shop::testing::MailSink::Options{.maildir = maildir_,
                                       .log_file = dir_ + "/mail-sink.log",
                                       .port = sink_port_,
                                       .reject_pattern = kRejectPattern,
                                       .delay_seconds = delay_seconds});
}

void NotificationFixture::StopSink() { sink_->Stop(); }

void NotificationFixture::StartService(std::map<std::string, std::string> env) {
  if (service_env_.empty() || !env.empty()) {
    service_env_ = {{"SHOP_KAFKA_BOOTSTRAP", kafka_->Bootstrap()},
                    {"SHOP_KAFKA_INSTANCE_ID", "notification-it"},
                    {"SHOP_SMTP_URL", "smtp://127.0.0.1:" + std::to_string(sink_port_)},
                    {"SHOP_MAIL_FROM", "shop@shop.test"},
                    {"SHOP_PUBLIC_URL", kPublicUrl},
                    {"SHOP_SMTP_CONNECT_TIMEOUT", "500ms"},
                    {"SHOP_SMTP_TIMEOUT", "2s"},
                    {"SHOP_SMTP_ATTEMPTS", "2"},
                    {"SHOP_SMTP_RETRY_BASE", "100ms"},
                    {"SHOP_SMTP_RETRY_CAP", "200ms"},
                    {"SHOP_NOTIFY_SEND_LEASE", "6s"},
                    {"SHOP_NOTIFY_USER_WAIT", "1s"}};
    for (auto& [name, value] : env) {
      service_env_[name] = value;
    }
  }
  service_.reset();
  service_.emplace(NOTIFICATION_SERVICE_BIN, database_, service_env_);
}

void NotificationFixture::KillService() {
  service_->process().Signal(SIGKILL);
  ASSERT_TRUE(service_->process().Wait(std::chrono::seconds(10)).has_value());
  service_.reset();
}

std::string NotificationFixture::NewId() { return events::NewUuidV7(); }

events::CloudEvent NotificationFixture::Produce(const events::CloudEvent& event) {
  shop::testing::ProduceAndFlush(*producer_, event.type, events::ToKafka(event));
  return event;
}

events::CloudEvent NotificationFixture::UserCreated(const std::string& user_id,
                                                    const std::string& email,
                                                    const std::string& name) {
  events::UserCreated user;
  user.id = user_id;
  user.email = email;
  user.name = name;
  user.role = "customer";
  user.version = 1;
  return Event(events::UserCreated::kType, "/services/auth", user_id, user.ToJson());
}

events::CloudEvent NotificationFixture::OrderConfirmed(const std::string& order_id,
                                                       const std::string& user_id) {
  events::OrderConfirmed order;
  static_cast<events::OrderState&>(order) = Order(order_id, user_id, "confirmed");
  return Event(events::OrderConfirmed::kType, "/services/order", order_id, order.ToJson());
}

events::CloudEvent NotificationFixture::ShipmentCreated(const std::string& shipment_id,
                                                        const std::string& order_id,
                                                        const std::string& user_id) {
  events::DeliveryShipmentCreated shipment;
  static_cast<events::ShipmentState&>(shipment) =
      Shipment(shipment_id, order_id, user_id, "label_created", 1);
  return Event(events::DeliveryShipmentCreated::kType, "/services/delivery", order_id,
               shipment.ToJson());
}

events::CloudEvent NotificationFixture::StatusChanged(const std::string& shipment_id,
                                                      const std::string& order_id,
                                                      const std::string& user_id,
                                                      const std::string& from,
                                                      const std::string& to, long long version) {
  events::DeliveryStatusChanged step;
  static_cast<events::ShipmentState&>(step) = Shipment(shipment_id, order_id, user_id, to, version);
  step.from_status = from;
  return Event(events::DeliveryStatusChanged::kType, "/services/delivery", order_id, step.ToJson());
}

events::CloudEvent NotificationFixture::VerificationRequested(const std::string& user_id,
                                                              const std::string& email,
                                                              const std::string& token) {
  events::UserVerificationRequested request;
  request.user_id = user_id;
  request.email = email;
  request.name = "Grace";
  request.token = token;
  request.expires_at =
      text::FormatRfc3339Utc(std::chrono::system_clock::now() + std::chrono::hours(24));
  request.version = 1;
  return Event(events::UserVerificationRequested::kType, "/services/auth", user_id,
               request.ToJson());
}

events::CloudEvent NotificationFixture::PasswordResetRequested(const std::string& user_id,
                                                               const std::string& email,
                                                               const std::string& token) {
  events::UserPasswordResetRequested request;
  request.user_id = user_id;
  request.email = email;
  request.name = std::nullopt;
  request.token = token;
  request.expires_at =
      text::FormatRfc3339Utc(std::chrono::system_clock::now() + std::chrono::minutes(30));
  request.version = 1;
  return Event(events::UserPasswordResetRequested::kType, "/services/auth", user_id,
               request.ToJson());
}

events::CloudEvent NotificationFixture::Copy(events::CloudEvent event) {
  event.id = events::NewUuidV7();
  return event;
}

std::vector<SunkMail> NotificationFixture::Mails() const {
  return shop::testing::ReadMaildir(maildir_);
}

bool NotificationFixture::WaitForMails(std::size_t count,
                                       std::chrono::milliseconds deadline) const {
  return shop::testing::WaitFor([&] { return Mails().size() >= count; }, deadline);
}

int NotificationFixture::Copies(const std::string& message_id) const {
  int copies = 0;
  for (const SunkMail& mail : Mails()) {
    copies += mail.message_id == message_id ? 1 : 0;
  }
  return copies;
}

int NotificationFixture::SinkDroppedCopies() const { return sink_->DroppedCopies(); }

std::string NotificationFixture::ExpectedMessageId(const events::CloudEvent& event,
                                                   const std::string& kind) {
  return "<" + event.id + "." + kind + "@shop.test>";
}

bool NotificationFixture::Applied(const std::string& event_id) const {
  return Scalar("SELECT count(*) FROM processed_events WHERE consumer = '" + std::string(kGroup) +
                "' AND event_id = '" + event_id + "'") == 1;
}

bool NotificationFixture::WaitApplied(const std::string& event_id) const {
  return shop::testing::WaitFor([&] { return Applied(event_id); }, kDeadline);
}

long long NotificationFixture::Scalar(const std::string& sql) const {
  pqxx::connection connection(database_);
  pqxx::work txn(connection);
  return txn.exec1(sql)[0].as<long long>();
}

double NotificationFixture::Metric(const std::string& series) const {
  const shop::testing::HttpResult answer = service_->Call("GET", "/metrics");
  return shop::testing::MetricValue(answer.body, series).value_or(0);
}

bool NotificationFixture::WaitForMetric(const std::string& series, double at_least) const {
  return shop::testing::WaitFor([&] { return Metric(series) >= at_least; }, kDeadline);
}

std::vector<DeadLetter> NotificationFixture::DeadLetters() const {
  const auto [status, output] =
      shop::testing::RunCommand("kcat -b " + kafka_->Bootstrap() + " -C -t " + std::string(kGroup) +
                                ".dlq -o beginning -e -q -J");
  if (status != 0) {
    throw std::runtime_error("kcat failed: " + output);
  }
  std::vector<DeadLetter> letters;
  std::istringstream lines(output);
  for (std::string line; std::getline(lines, line);) {
    if (line.empty()) {
      continue;
    }
    const nlohmann::json record = nlohmann::json::parse(line);
    DeadLetter letter{
        .key = record.value("key", ""), .ce_id = {}, .error_class = {}, .error_message = {}};
    const nlohmann::json& headers = record.at("headers");
    for (std::size_t i = 0; i + 1 < headers.size(); i += 2) {
      const std::string name = headers[i].get<std::string>();
      const std::string value = headers[i + 1].get<std::string>();
      if (name == "ce_id") {
        letter.ce_id = value;
      } else if (name == "dlq_error_class") {
        letter.error_class = value;
      } else if (name == "dlq_error_message") {
        letter.error_message = value;
      }
    }
    letters.push_back(std::move(letter));
  }
  return letters;
}

bool NotificationFixture::WaitForDeadLetters(std::size_t count) const {
  // The runtime's counter first (a cheap HTTP call), then the topic itself through kcat.
  return WaitForMetric(
             R"(consumer_messages_total{group="notification.events",outcome="dead_lettered"})",
             static_cast<double>(count)) &&
         shop::testing::WaitFor([&] { return DeadLetters().size() >= count; }, kDeadline);
}

std::pair<int, std::string> NotificationFixture::Shopctl(const std::string& args) const {
  return shop::testing::RunCommand(
      "SHOP_KAFKA_BOOTSTRAP=" + shop::testing::ShellQuote(kafka_->Bootstrap()) +
      " " SHOPCTL_BIN " " + args);
}

}  // namespace shop::notification::testing
