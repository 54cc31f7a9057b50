// A consumer killed with SIGKILL and restarted at once resumes within seconds (issue 11, defect
// 6): product-service's product.category-sync member is killed, a new process starts, and a
// category rename must reach the product well before the dead member's old 45 s session would
// have expired. With SHOP_KAFKA_INSTANCE_ID (static membership, as deploy/local/up runs it) the new
// process takes the dead member's place at once; without it, the dead member is dropped after
// SHOP_KAFKA_SESSION_TIMEOUT (10 s). Each test prints the time it measured; the figures are in
// docs/performance.md. The deadline is a functional bound, not a timing assertion.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>

#include "service_process.hpp"

namespace shop::testing {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

const std::map<std::string, std::string> kJson = {{"Content-Type", "application/json"}};

std::string CategoryNameOf(const ServiceProcess& product, const std::string& product_id) {
  const HttpResult result = product.Call("GET", "/api/products/" + product_id);
  const auto json = nlohmann::json::parse(result.body, nullptr, false);
  return json.is_object() ? json.value("category_name", "") : "";
}

void KilledConsumerResumes(const std::string& variant,
                           const std::map<std::string, std::string>& membership_env) {
  const std::string group =
      "product.category-sync.restart-" + variant + "-" + std::to_string(::getpid());
  CreateKafkaTopics({group + ".retry", group + ".dlq"}, 1);
  const std::string category_db = CreateDatabase("restart_category");
  const std::string product_db = CreateDatabase("restart_product");
  ServiceProcess category(CATEGORY_SERVICE_BIN, category_db);
  ChildProcess relay(OUTBOX_RELAY_BIN, {},
                     {{"SHOP_RELAY_DATABASE_URLS", category_db},
                      {"SHOP_KAFKA_BOOTSTRAP", KafkaBootstrap()},
                      {"SHOP_RELAY_POLL_INTERVAL", "200ms"},
                      {"SHOP_HTTP_PORT", std::to_string(FreePort())}},
                     RequiredEnv("SHOP_TEST_TMPDIR") + "/relay-" + group + ".log");
  std::map<std::string, std::string> product_env = membership_env;
  product_env["SHOP_CATEGORY_SYNC_GROUP"] = group;
  product_env["SHOP_CATEGORY_URL"] = "http://127.0.0.1:" + std::to_string(category.port());
  auto product = std::make_unique<ServiceProcess>(PRODUCT_SERVICE_BIN, product_db, product_env);

  const HttpResult created = category.Call(
      "POST", "/api/categories", nlohmann::json{{"name", "Restart " + group}}.dump(), kJson);
  ASSERT_EQ(created.status, 201u) << created.body;
  const std::string category_id = nlohmann::json::parse(created.body).at("id");
  const HttpResult product_created = product->Call(
      "POST", "/api/products",
      nlohmann::json{
          {"name", "Lamp"}, {"price", "5.00"}, {"stock", 1}, {"category_id", category_id}}
          .dump(),
      kJson);
  ASSERT_EQ(product_created.status, 201u) << product_created.body;
  const std::string product_id = nlohmann::json::parse(product_created.body).at("id");

  // The consumer is live: a first rename reaches the product.
  ASSERT_EQ(category
                .Call("PATCH", "/api/categories/" + category_id,
                      nlohmann::json{{"name", "Before " + variant}}.dump(), kJson)
                .status,
            200u);
  ASSERT_TRUE(
      WaitFor([&] { return CategoryNameOf(*product, product_id) == "Before " + variant; }, 60s));

  product->process().Signal(SIGKILL);
  ASSERT_TRUE(product->process().Wait(10s).has_value());
  const auto killed_at = Clock::now();
  product = std::make_unique<ServiceProcess>(PRODUCT_SERVICE_BIN, product_db, product_env);
  ASSERT_EQ(category
                .Call("PATCH", "/api/categories/" + category_id,
                      nlohmann::json{{"name", "After " + variant}}.dump(), kJson)
                .status,
            200u);
  const bool resumed =
      WaitFor([&] { return CategoryNameOf(*product, product_id) == "After " + variant; }, 20s);
  const double seconds = std::chrono::duration<double>(Clock::now() - killed_at).count();
  std::printf("[measure] %s: rename applied %.1f s after kill -9 and restart\n", variant.c_str(),
              seconds);
  EXPECT_TRUE(resumed) << "the restarted consumer did not resume within 20 s";
}

TEST(ConsumerRestartTest, WithStaticMembershipTheRestartedInstanceResumesAtOnce) {
  KilledConsumerResumes("static", {{"SHOP_KAFKA_INSTANCE_ID", "product-restart-test"}});
}

TEST(ConsumerRestartTest, WithoutStaticMembershipTheDeadMemberIsDroppedAfterTheSessionTimeout) {
  KilledConsumerResumes("dynamic", {});
}

}  // namespace
}  // namespace shop::testing
