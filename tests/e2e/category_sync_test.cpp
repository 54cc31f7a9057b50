// The outbox pipeline end to end, on real Postgres and Kafka: a category change made through
// category-service reaches product-service's products through the outbox, the relay, Kafka and
// the product.category-sync consumer.
#include <gtest/gtest.h>
#include <librdkafka/rdkafkacpp.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <sstream>

#include "events/cloud_event.hpp"
#include "events/uuid_v7.hpp"
#include "kafka_records.hpp"
#include "platform/text/rfc3339.hpp"
#include "service_process.hpp"

namespace shop::testing {
namespace {

using std::chrono::seconds;
const std::map<std::string, std::string> kJson = {{"Content-Type", "application/json"}};

class CategorySyncTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // A group of this test's own, so no other product-service of the run takes its messages.
    group_ =
        "product.category-sync.test-" + events::NewUuidV7().substr(0, 8) + std::to_string(getpid());
    CreateKafkaTopics({group_ + ".retry", group_ + ".dlq"}, 1);
    category_db_ = CreateDatabase("sync_category");
    product_db_ = CreateDatabase("sync_product");
    category_ = std::make_unique<ServiceProcess>(CATEGORY_SERVICE_BIN, category_db_);
    product_ = std::make_unique<ServiceProcess>(
        PRODUCT_SERVICE_BIN, product_db_,
        std::map<std::string, std::string>{{"SHOP_CATEGORY_SYNC_GROUP", group_}});
    const std::string relay_log = RequiredEnv("SHOP_TEST_TMPDIR") + "/relay-" + group_ + ".log";
    relay_ = std::make_unique<ChildProcess>(
        OUTBOX_RELAY_BIN, std::vector<std::string>{},
        std::map<std::string, std::string>{{"SHOP_RELAY_DATABASE_URLS", category_db_},
                                           {"SHOP_KAFKA_BOOTSTRAP", KafkaBootstrap()},
                                           {"SHOP_HTTP_PORT", std::to_string(FreePort())}},
        relay_log);
  }

  std::string CreateCategory(const std::string& name) {
    const HttpResult created =
        category_->Call("POST", "/api/categories", nlohmann::json{{"name", name}}.dump(), kJson);
    EXPECT_EQ(created.status, 201u) << created.body;
    return nlohmann::json::parse(created.body).at("id");
  }

  // Product creation succeeds once the category has reached product-service's replica.
  std::string CreateProductWhenCategoryArrives(const std::string& category_id,
                                               const std::string& name) {
    const auto body = nlohmann::json{
        {"name", name}, {"price", "12.50"}, {"stock", 5}, {"category_id", category_id}};
    std::string id;
    WaitFor(
        [&] {
          const HttpResult r = product_->Call("POST", "/api/products", body.dump(), kJson);
          if (r.status == 201u) {
            id = nlohmann::json::parse(r.body).at("id");
          }
          return r.status == 201u;
        },
        seconds(60));
    return id;
  }

  std::string CategoryNameOf(const std::string& product_id) {
    const HttpResult r = product_->Call("GET", "/api/products/" + product_id);
    return r.status == 200u ? nlohmann::json::parse(r.body).value("category_name", "") : "";
  }

  std::string group_;
  std::string category_db_;
  std::string product_db_;
  std::unique_ptr<ServiceProcess> category_;
  std::unique_ptr<ServiceProcess> product_;
  std::unique_ptr<ChildProcess> relay_;
};

TEST_F(CategorySyncTest, RenameReachesEveryProductOfTheCategory) {
  const std::string category_id = CreateCategory("Toys " + group_);
  std::vector<std::string> products;
  for (int i = 0; i < 3; ++i) {
    products.push_back(
        CreateProductWhenCategoryArrives(category_id, "Product " + std::to_string(i)));
    ASSERT_FALSE(products.back().empty()) << "the category never reached product-service";
  }
  const auto rename = nlohmann::json{{"name", "Games " + group_}};
  ASSERT_EQ(category_->Call("PATCH", "/api/categories/" + category_id, rename.dump(), kJson).status,
            200u);

  for (const std::string& product_id : products) {
    EXPECT_TRUE(
        WaitFor([&] { return CategoryNameOf(product_id) == "Games " + group_; }, seconds(60)))
        << "product " << product_id << " still shows '" << CategoryNameOf(product_id) << "'";
  }
}

// Publishes a category.updated with valid CloudEvents headers and `data` as given, straight to
// Kafka, as category-service's relay would.
void PublishCategoryUpdateData(const std::string& event_id, const std::string& category_id,
                               const std::string& data) {
  const events::CloudEvent event{.id = event_id,
                                 .source = "/services/category",
                                 .type = "category.updated",
                                 .time = text::FormatRfc3339Utc(std::chrono::system_clock::now()),
                                 .subject = category_id,
                                 .data_schema = "urn:shop:schema:category.updated:v1",
                                 .traceparent = std::nullopt,
                                 .data = data};
  const events::KafkaMessage message = events::ToKafka(event);
  std::string error;
  std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
  ASSERT_EQ(conf->set("bootstrap.servers", KafkaBootstrap(), error), RdKafka::Conf::CONF_OK)
      << error;
  std::unique_ptr<RdKafka::Producer> producer(RdKafka::Producer::create(conf.get(), error));
  ASSERT_NE(producer, nullptr) << error;
  ASSERT_NO_THROW(ProduceAndFlush(*producer, message.topic, message));
}

void PublishCategoryUpdate(const std::string& event_id, const std::string& category_id,
                           const std::string& name, int version) {
  PublishCategoryUpdateData(event_id, category_id,
                            nlohmann::json{{"id", category_id},
                                           {"name", name},
                                           {"slug", "stale"},
                                           {"parent_id", nullptr},
                                           {"version", version}}
                                .dump());
}

// Runs kcat (an independent client) and returns what it printed.
std::string RunKcat(const std::string& arguments) {
  const std::string command = "kcat -b " + KafkaBootstrap() + " " + arguments + " 2>/dev/null";
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) {
    return {};
  }
  std::string output;
  char buffer[4096];
  while (fgets(buffer, sizeof buffer, pipe) != nullptr) {
    output += buffer;
  }
  pclose(pipe);
  return output;
}

TEST_F(CategorySyncTest, PoisonEventIsDeadLetteredAndLaterEventsKeepFlowing) {
  const std::string category_id = CreateCategory("Tools " + group_);
  const std::string product_id = CreateProductWhenCategoryArrives(category_id, "Hammer");
  ASSERT_FALSE(product_id.empty());

  const std::string poison_id = events::NewUuidV7();
  ASSERT_NO_FATAL_FAILURE(PublishCategoryUpdateData(poison_id, category_id, "{not json"));
  const auto rename = nlohmann::json{{"name", "Hardware " + group_}};
  ASSERT_EQ(category_->Call("PATCH", "/api/categories/" + category_id, rename.dump(), kJson).status,
            200u);
  EXPECT_TRUE(
      WaitFor([&] { return CategoryNameOf(product_id) == "Hardware " + group_; }, seconds(60)))
      << "a valid rename after the poison event was not applied";

  std::string dead_letter;
  ASSERT_TRUE(WaitFor(
      [&] {
        dead_letter = RunKcat("-C -t " + group_ + ".dlq -o beginning -e -q -f '%k|%s|%h\\n'");
        return dead_letter.find(poison_id) != std::string::npos;
      },
      seconds(60)))
      << "no dead letter for the poison event; " << group_ << ".dlq holds: " << dead_letter;
  EXPECT_NE(dead_letter.find(category_id + "|{not json|"), std::string::npos) << dead_letter;
  for (const char* header :
       {"dlq_original_topic=category.updated", "dlq_original_partition=", "dlq_original_offset=",
        "dlq_consumer_group=", "dlq_error_class=", "dlq_error_message=", "dlq_attempts=",
        "dlq_failed_at=", "ce_type=category.updated"}) {
    EXPECT_NE(dead_letter.find(header), std::string::npos)
        << header << " missing in " << dead_letter;
  }
  EXPECT_NE(dead_letter.find("dlq_consumer_group=" + group_), std::string::npos) << dead_letter;
}

bool AllPublished(const std::string& database) {
  pqxx::connection connection(database);
  pqxx::work txn(connection);
  return txn.exec1("SELECT count(*) FROM outbox WHERE published_at IS NULL")[0].as<int>() == 0;
}

TEST_F(CategorySyncTest, CapturedEventsConformToTheirSchemas) {
  // This test's relay also publishes product-service's outbox.
  relay_.reset();
  relay_ = std::make_unique<ChildProcess>(
      OUTBOX_RELAY_BIN, std::vector<std::string>{},
      std::map<std::string, std::string>{
          {"SHOP_RELAY_DATABASE_URLS", category_db_ + "," + product_db_},
          {"SHOP_KAFKA_BOOTSTRAP", KafkaBootstrap()},
          {"SHOP_HTTP_PORT", std::to_string(FreePort())}},
      RequiredEnv("SHOP_TEST_TMPDIR") + "/relay-schemas-" + group_ + ".log");
  const std::string parent_id = CreateCategory("Outdoor " + group_);
  const auto child_body = nlohmann::json{{"name", "Tents " + group_}, {"parent_id", parent_id}};
  const HttpResult child = category_->Call("POST", "/api/categories", child_body.dump(), kJson);
  ASSERT_EQ(child.status, 201u);
  const std::string child_id = nlohmann::json::parse(child.body).at("id");
  const std::string product_id = CreateProductWhenCategoryArrives(child_id, "Tent");
  ASSERT_FALSE(product_id.empty());
  ASSERT_EQ(product_
                ->Call("PATCH", "/api/products/" + product_id,
                       R"({"price":"99.00","description":"2 persons"})", kJson)
                .status,
            200u);
  ASSERT_EQ(product_->Call("DELETE", "/api/products/" + product_id).status, 204u);
  ASSERT_EQ(category_->Call("PATCH", "/api/categories/" + child_id, R"({"name":"Camping"})", kJson)
                .status,
            200u);
  ASSERT_EQ(category_->Call("DELETE", "/api/categories/" + child_id).status, 204u);
  ASSERT_TRUE(WaitFor([&] { return AllPublished(category_db_) && AllPublished(product_db_); },
                      seconds(60)));

  // Read back with kcat and keep this test's aggregates only (other tests publish poison on
  // purpose).
  const std::vector<std::string> keys = {parent_id, child_id, product_id};
  std::string captured;
  int count = 0;
  for (const char* topic : {"category.created", "category.updated", "category.deleted",
                            "product.created", "product.updated", "product.deleted"}) {
    std::istringstream lines(
        RunKcat(std::string("-C -t ") + topic + " -o beginning -e -q -f '%k\\t%t\\t%s\\n'"));
    for (std::string line; std::getline(lines, line);) {
      const std::string key = line.substr(0, line.find('\t'));
      if (std::find(keys.begin(), keys.end(), key) != keys.end()) {
        captured += line.substr(key.size() + 1) + "\n";
        ++count;
      }
    }
  }
  EXPECT_EQ(count, 7) << captured;  // category: 2 created, 1 updated, 1 deleted; product: 1 of each
  const std::string file = RequiredEnv("SHOP_TEST_TMPDIR") + "/captured-" + group_ + ".tsv";
  std::ofstream(file) << captured;
  FILE* pipe = popen(("/usr/bin/python3 " SHOP_SOURCE_DIR
                      "/tests/schemas/validate_events.py " SHOP_SOURCE_DIR " < " +
                      file + " 2>&1")
                         .c_str(),
                     "r");
  ASSERT_NE(pipe, nullptr);
  std::string report;
  char buffer[1024];
  while (fgets(buffer, sizeof buffer, pipe) != nullptr) {
    report += buffer;
  }
  EXPECT_EQ(pclose(pipe), 0) << report;
  EXPECT_NE(report.find("validated " + std::to_string(count) + " events, 0 problems"),
            std::string::npos)
      << report;
}

TEST_F(CategorySyncTest, StaleUpdateDeliveredAfterANewerOneChangesNothing) {
  const std::string category_id = CreateCategory("Books " + group_);
  const std::string product_id = CreateProductWhenCategoryArrives(category_id, "Novel");
  ASSERT_FALSE(product_id.empty());
  const auto rename = nlohmann::json{{"name", "Novels " + group_}};
  ASSERT_EQ(category_->Call("PATCH", "/api/categories/" + category_id, rename.dump(), kJson).status,
            200u);
  ASSERT_TRUE(
      WaitFor([&] { return CategoryNameOf(product_id) == "Novels " + group_; }, seconds(60)));

  // Version 1 again, with another name, arriving after version 2 was applied.
  const std::string stale_id = events::NewUuidV7();
  ASSERT_NO_FATAL_FAILURE(PublishCategoryUpdate(stale_id, category_id, "Stale name", 1));
  pqxx::connection connection(product_db_);
  ASSERT_TRUE(WaitFor(
      [&] {
        pqxx::work txn(connection);
        return txn.exec_params1("SELECT count(*) FROM processed_events WHERE event_id = $1::uuid",
                                stale_id)[0]
                   .as<int>() == 1;
      },
      seconds(60)))
      << "the stale event was never consumed";
  EXPECT_EQ(CategoryNameOf(product_id), "Novels " + group_);
  pqxx::work txn(connection);
  EXPECT_EQ(txn.exec_params1("SELECT name FROM categories WHERE id = $1::uuid", category_id)[0]
                .as<std::string>(),
            "Novels " + group_);
}

}  // namespace
}  // namespace shop::testing
