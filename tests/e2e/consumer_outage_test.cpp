// product.category-sync while product-service's own Postgres is stopped for 15 s under a stream
// of renames: each failure is transient (database unavailable), so the consumer retries in place
// on its paused partition; nothing is dead-lettered, nothing is skipped, and once Postgres is
// back every product shows the last name. Product-service runs on a private Postgres (the test
// stops it); category-service, the relay and Kafka are the run's shared ones.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <thread>

#include "service_process.hpp"

namespace shop::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

const std::map<std::string, std::string> kJson = {{"Content-Type", "application/json"}};

// The keys and dlq_error_class headers of every message of `topic`, read to its end with kcat
// (an independent client), one "key<TAB>headers" line each.
std::vector<std::string> DeadLetters(const std::string& topic) {
  const std::string command =
      "kcat -b " + KafkaBootstrap() + " -C -t " + topic + " -o beginning -e -q -f '%k\\t%h\\n'";
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(::popen(command.c_str(), "r"), ::pclose);
  std::vector<std::string> lines;
  char buffer[8192];
  while (pipe && std::fgets(buffer, sizeof buffer, pipe.get()) != nullptr) {
    lines.emplace_back(buffer);
  }
  return lines;
}

TEST(ConsumerOutageTest, PostgresDownUnderRenamesIsRetriedInPlaceAndNothingIsLost) {
  const std::string group = "product.category-sync.outage-" + std::to_string(getpid());
  CreateKafkaTopics({group + ".retry", group + ".dlq"}, 1);
  const std::string category_db = CreateDatabase("outage_category");
  ServiceProcess category(CATEGORY_SERVICE_BIN, category_db);
  ChildProcess relay(OUTBOX_RELAY_BIN, {},
                     {{"SHOP_RELAY_DATABASE_URLS", category_db},
                      {"SHOP_KAFKA_BOOTSTRAP", KafkaBootstrap()},
                      {"SHOP_HTTP_PORT", std::to_string(FreePort())}},
                     RequiredEnv("SHOP_TEST_TMPDIR") + "/relay-" + group + ".log");
  PrivatePostgres product_pg;
  ServiceProcess product(
      PRODUCT_SERVICE_BIN, product_pg.Uri(),
      {{"SHOP_CATEGORY_SYNC_GROUP", group},
       {"SHOP_CATEGORY_URL", "http://127.0.0.1:" + std::to_string(category.port())}});

  const HttpResult created = category.Call(
      "POST", "/api/categories", nlohmann::json{{"name", "Outage " + group}}.dump(), kJson);
  ASSERT_EQ(created.status, 201u) << created.body;
  const std::string category_id = nlohmann::json::parse(created.body).at("id");
  const HttpResult product_created = product.Call(
      "POST", "/api/products",
      nlohmann::json{
          {"name", "Lantern"}, {"price", "9.99"}, {"stock", 1}, {"category_id", category_id}}
          .dump(),
      kJson);
  ASSERT_EQ(product_created.status, 201u) << product_created.body;
  const std::string product_id = nlohmann::json::parse(product_created.body).at("id");
  const auto category_name_of_product = [&] {
    try {
      const HttpResult r = product.Call("GET", "/api/products/" + product_id);
      return r.status == 200u ? nlohmann::json::parse(r.body).value("category_name", "") : "";
    } catch (const std::exception&) {
      return std::string();
    }
  };
  // The created event must be through first, so the renames below meet a database that is down.
  const auto applied = [&] {
    const std::string metrics = product.Call("GET", "/metrics").body;
    return MetricValue(metrics,
                       R"(consumer_messages_total{group=")" + group + R"(",outcome="applied"})")
        .value_or(0);
  };
  ASSERT_TRUE(WaitFor([&] { return applied() >= 1; }, seconds(60)));

  product_pg.Stop();
  // The outage lasts as long as the stream of renames: 30 renames, one every 500 ms (the pace of
  // a load generator; nothing waits on it for synchronisation).
  std::string last_name;
  for (int i = 1; i <= 30; ++i) {
    last_name = "Outage " + std::to_string(i) + " " + group;
    const HttpResult renamed = category.Call("PATCH", "/api/categories/" + category_id,
                                             nlohmann::json{{"name", last_name}}.dump(), kJson);
    ASSERT_EQ(renamed.status, 200u) << renamed.body;
    std::this_thread::sleep_for(milliseconds(500));
  }
  product_pg.Start();

  EXPECT_TRUE(WaitFor([&] { return category_name_of_product() == last_name; }, seconds(90)))
      << "product shows '" << category_name_of_product() << "', expected '" << last_name << "'";
  const std::string metrics = product.Call("GET", "/metrics").body;
  EXPECT_GT(MetricValue(metrics, R"(consumer_retries_total{group=")" + group + "\"}").value_or(0),
            0)
      << "the outage must have been retried in place";
  // The group reads the shared topics from their start, so other tests' poison messages may be
  // dead-lettered by it; none of them may be this test's category, and none transient.
  for (const std::string& line : DeadLetters(group + ".dlq")) {
    EXPECT_FALSE(line.starts_with(category_id)) << "dead-lettered: " << line;
    EXPECT_EQ(line.find("dlq_error_class=transient"), std::string::npos) << line;
  }
}

}  // namespace
}  // namespace shop::testing
