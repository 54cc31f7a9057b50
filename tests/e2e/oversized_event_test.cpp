// The oversized-product case end to end (issue 11, defect 2), on the real services, relay, Postgres
// and Kafka:
//  - product-service refuses, before commit, a product whose product.created would exceed the
//    platform's event limit (413 problem, nothing written);
//  - rows a broker still refuses (here: a relay whose producer allows 20,000 bytes, as a topic with
//    a smaller max.message.bytes would) are parked by the relay, counted in its /metrics and
//    listed by `shopctl outbox parked`, while the rows of other keys keep flowing: 600 parked rows
//    and one normal row.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <sstream>

#include "api_calls.hpp"
#include "events/uuid_v7.hpp"
#include "kafka_capture.hpp"
#include "outbox_probe.hpp"
#include "relay_process.hpp"
#include "service_process.hpp"

namespace shop::testing {
namespace {

using namespace std::chrono_literals;

const std::map<std::string, std::string> kJson = {{"Content-Type", "application/json"}};

long Scalar(const std::string& uri, const std::string& sql) {
  pqxx::connection connection(uri);
  pqxx::work txn(connection);
  return txn.exec1(sql)[0].as<long>();
}

HttpResult CreateProductWithDescription(const ServiceProcess& products,
                                        const std::string& category_id, const std::string& name,
                                        std::size_t description_bytes) {
  const auto body = nlohmann::json{{"name", name},
                                   {"price", "9.90"},
                                   {"stock", 3},
                                   {"category_id", category_id},
                                   {"description", std::string(description_bytes, 'd')}};
  return products.Call("POST", "/api/products", body.dump(), kJson);
}

class OversizedEvents : public ::testing::Test {
 protected:
  void SetUp() override {
    category_db_ = CreateDatabase("oversized_category");
    product_db_ = CreateDatabase("oversized_product");
    const std::map<std::string, std::string> env{{"SHOP_KAFKA_BOOTSTRAP", KafkaBootstrap()}};
    categories_ = std::make_unique<ServiceProcess>(CATEGORY_SERVICE_BIN, category_db_, env);
    // A consumer group of the test's own, so no other product-service of the run shares it.
    const std::string group = "product.category-sync.oversized-" + events::NewUuidV7().substr(24);
    CreateKafkaTopics({group + ".retry", group + ".dlq"}, 1);
    auto product_env = env;
    product_env["SHOP_CATEGORY_URL"] = "http://127.0.0.1:" + std::to_string(categories_->port());
    product_env["SHOP_CATEGORY_SYNC_GROUP"] = group;
    products_ = std::make_unique<ServiceProcess>(PRODUCT_SERVICE_BIN, product_db_, product_env);
    const HttpResult category = CreateCategory(*categories_, "Oversized");
    ASSERT_EQ(category.status, 201u) << category.body;
    category_id_ = IdOf(category);
  }

  std::string category_db_, product_db_, category_id_;
  std::unique_ptr<ServiceProcess> categories_, products_;
};

TEST_F(OversizedEvents, AChangeTooLargeToPublishIsRefusedBeforeCommit) {
  const long outbox_before = Scalar(product_db_, "SELECT count(*) FROM outbox");
  const HttpResult refused =
      CreateProductWithDescription(*products_, category_id_, "Huge", 950'000);
  EXPECT_EQ(refused.status, 413u) << refused.body.substr(0, 500);
  EXPECT_EQ(refused.headers.at("content-type"), "application/problem+json");
  const auto problem = nlohmann::json::parse(refused.body, nullptr, false);
  ASSERT_TRUE(problem.is_object()) << refused.body.substr(0, 500);
  EXPECT_EQ(problem.value("type", ""), "urn:shop:problem:event-too-large");
  EXPECT_EQ(problem.value("limit_bytes", 0), 900'000);
  EXPECT_GT(problem.value("event_bytes", 0), 900'000);
  EXPECT_EQ(Scalar(product_db_, "SELECT count(*) FROM products WHERE name = 'Huge'"), 0);
  EXPECT_EQ(Scalar(product_db_, "SELECT count(*) FROM outbox"), outbox_before);

  const HttpResult fits = CreateProductWithDescription(*products_, category_id_, "Big", 800'000);
  EXPECT_EQ(fits.status, 201u) << fits.body.substr(0, 500);
}

TEST_F(OversizedEvents, RowsTheBrokerRefusesAreParkedAndOtherKeysKeepFlowing) {
  constexpr int kRefused = 600;
  for (int i = 0; i < kRefused; ++i) {
    const HttpResult created = CreateProductWithDescription(*products_, category_id_,
                                                            "Refused " + std::to_string(i), 30'000);
    ASSERT_EQ(created.status, 201u) << created.body;
  }
  const std::uint16_t relay_port = FreePort();
  ChildProcess relay =
      StartOutboxRelay({product_db_}, KafkaBootstrap(), "oversized",
                       {{"SHOP_KAFKA_SETTINGS", "message.max.bytes=20000"}}, relay_port);
  const HttpResult normal = CreateProduct(*products_, category_id_, "Normal");
  ASSERT_EQ(normal.status, 201u) << normal.body;
  const std::string normal_id = IdOf(normal);

  const auto normal_published = [&] {
    return Scalar(product_db_, "SELECT count(*) FROM outbox WHERE key = '" + normal_id +
                                   "' AND published_at IS NOT NULL") == 1;
  };
  EXPECT_TRUE(WaitFor(normal_published, 60s)) << "the normal product's event must flow";
  ASSERT_TRUE(WaitFor(
      [&] {
        return Scalar(product_db_, "SELECT count(*) FROM outbox WHERE parked_at IS NOT NULL") ==
               kRefused;
      },
      60s))
      << Scalar(product_db_, "SELECT count(*) FROM outbox WHERE parked_at IS NOT NULL")
      << " rows parked";
  EXPECT_EQ(CountUnpublished(product_db_), kRefused) << "only the parked rows are unpublished";

  const std::string label = product_db_.substr(product_db_.rfind('/') + 1);
  EXPECT_TRUE(WaitFor(
      [&] {
        try {
          const HttpResult metrics = HttpCall(relay_port, "GET", "/metrics");
          return MetricValue(metrics.body, "outbox_relay_parked_rows{database=\"" + label +
                                               "\"}") == std::optional<double>(kRefused);
        } catch (const std::exception&) {
          return false;
        }
      },
      20s))
      << "outbox_relay_parked_rows must show the parked rows";

  const auto [rc, listing] = RunCommand(std::string(SHOPCTL_BIN) +
                                        " outbox parked --service product --json --database-url '" +
                                        product_db_ + "' 2>&1");
  ASSERT_EQ(rc, 0) << listing.substr(0, 2000);
  std::istringstream lines(listing);
  int listed = 0;
  for (std::string line; std::getline(lines, line);) {
    const auto row = nlohmann::json::parse(line, nullptr, false);
    ASSERT_TRUE(row.is_object()) << line;
    EXPECT_EQ(row.value("type", ""), "product.created");
    EXPECT_NE(row.value("reason", "").find("too large"), std::string::npos) << line;
    ++listed;
  }
  EXPECT_EQ(listed, kRefused);

  const std::vector<CapturedEvent> captured = CaptureEvents(KafkaBootstrap(), {"product.created"});
  int normal_copies = 0;
  for (const CapturedEvent& event : captured) {
    normal_copies += event.subject == normal_id ? 1 : 0;
  }
  EXPECT_EQ(normal_copies, 1);
}

}  // namespace
}  // namespace shop::testing
