// product-service asks category-service about a category its replica lacks (no relay runs here,
// so no category event ever reaches it): the product is created with the owner's name, "no such
// category" is a 422 and is cached, and while category-service is down the answer is a fast 503
// problem+json with Retry-After from an open circuit breaker, until the owner is back.
#include <gtest/gtest.h>
#include <unistd.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "service_process.hpp"

namespace shop::testing {
namespace {

using std::chrono::seconds;

const std::map<std::string, std::string> kJson = {{"Content-Type", "application/json"}};

class CategoryFallbackTest : public ::testing::Test {
 protected:
  void SetUp() override {
    category_db_ = CreateDatabase("fallback_category");
    product_db_ = CreateDatabase("fallback_product");
    category_port_ = FreePort();
    StartCategoryService();
    // A consumer group of its own: no product-service of another test takes its messages (and no
    // relay publishes this test's categories, so only the HTTP fallback can teach them).
    const std::string group = "product.category-sync.fallback-" + std::to_string(getpid()) + "-" +
                              std::to_string(category_port_);
    CreateKafkaTopics({group + ".retry", group + ".dlq"}, 1);
    product_ = std::make_unique<ServiceProcess>(
        PRODUCT_SERVICE_BIN, product_db_,
        std::map<std::string, std::string>{
            {"SHOP_CATEGORY_SYNC_GROUP", group},
            {"SHOP_CATEGORY_URL", "http://127.0.0.1:" + std::to_string(category_port_)},
            {"SHOP_CATEGORY_TIMEOUT", "2s"},
            {"SHOP_CATEGORY_ATTEMPTS", "3"},
            {"SHOP_CATEGORY_BREAKER_FAILURES", "3"},
            {"SHOP_CATEGORY_BREAKER_OPEN", "8s"}});
  }

  void StartCategoryService() {
    category_ = std::make_unique<ServiceProcess>(
        CATEGORY_SERVICE_BIN, category_db_, std::map<std::string, std::string>{}, category_port_);
  }

  std::string CreateCategory(const std::string& name) {
    const HttpResult created =
        category_->Call("POST", "/api/categories", nlohmann::json{{"name", name}}.dump(), kJson);
    EXPECT_EQ(created.status, 201u) << created.body;
    return nlohmann::json::parse(created.body).at("id");
  }

  HttpResult CreateProduct(const std::string& category_id) {
    const auto body = nlohmann::json{
        {"name", "Rake"}, {"price", "19.90"}, {"stock", 2}, {"category_id", category_id}};
    return product_->Call("POST", "/api/products", body.dump(), kJson);
  }

  double UpstreamMetric(const std::string& series) {
    const std::string metrics = product_->Call("GET", "/metrics").body;
    return MetricValue(metrics, series).value_or(-1);
  }
  // Attempts to category-service by status class: "2xx".."5xx", or "error" (no answer).
  double Attempts(const std::string& status_class) {
    return UpstreamMetric(R"(upstream_requests_total{upstream="category",status_class=")" +
                          status_class + "\"}");
  }

  long long ReplicaVersion(const std::string& category_id) {
    pqxx::connection connection(product_db_);
    pqxx::work txn(connection);
    const pqxx::result r = txn.exec_params(
        "SELECT version FROM categories WHERE id = $1::uuid AND NOT deleted", category_id);
    return r.empty() ? 0 : r[0][0].as<long long>();
  }

  std::string category_db_;
  std::string product_db_;
  std::uint16_t category_port_ = 0;
  std::unique_ptr<ServiceProcess> category_;
  std::unique_ptr<ServiceProcess> product_;
};

TEST_F(CategoryFallbackTest, LearnsACategoryFromItsOwnerOnceAndKeepsItInTheReplica) {
  const std::string category_id = CreateCategory("Garden");
  ASSERT_EQ(ReplicaVersion(category_id), 0) << "the replica must not know it yet";

  const HttpResult first = CreateProduct(category_id);
  ASSERT_EQ(first.status, 201u) << first.body;
  EXPECT_EQ(nlohmann::json::parse(first.body).at("category_name"), "Garden");
  EXPECT_EQ(ReplicaVersion(category_id), 1);
  EXPECT_EQ(Attempts("2xx"), 1);

  const HttpResult second = CreateProduct(category_id);  // from the replica now
  ASSERT_EQ(second.status, 201u) << second.body;
  EXPECT_EQ(Attempts("2xx"), 1) << "a replica hit must not call category-service";
}

TEST_F(CategoryFallbackTest, ACategoryTheOwnerDoesNotHaveIsUnprocessableAndTheAnswerIsCached) {
  const std::string unknown = "0190a3c4-0000-7000-8000-00000000beef";
  for (int i = 0; i < 2; ++i) {
    const HttpResult result = CreateProduct(unknown);
    EXPECT_EQ(result.status, 422u) << result.body;
    EXPECT_EQ(result.headers.at("content-type"), "application/problem+json");
    EXPECT_NE(result.body.find("unknown category"), std::string::npos) << result.body;
  }
  EXPECT_EQ(Attempts("4xx"), 1) << "the second 422 must come from the cache";
}

TEST_F(CategoryFallbackTest, OwnerDownIsA503ThenTheBreakerFailsFastUntilTheOwnerIsBack) {
  const std::string category_id = CreateCategory("Tools");
  category_.reset();  // SIGKILL: connections to its port are refused from now on

  const HttpResult down = CreateProduct(category_id);
  EXPECT_EQ(down.status, 503u) << down.body;
  EXPECT_EQ(down.headers.at("content-type"), "application/problem+json");
  EXPECT_TRUE(down.headers.contains("retry-after"));
  EXPECT_EQ(Attempts("error"), 3) << "three attempts, then the breaker opened";
  EXPECT_EQ(UpstreamMetric(R"(upstream_circuit_state{upstream="category"})"), 2);

  const HttpResult fast = CreateProduct(category_id);
  EXPECT_EQ(fast.status, 503u) << fast.body;
  EXPECT_EQ(Attempts("error"), 3) << "an open breaker must not call";
  EXPECT_GE(UpstreamMetric(R"(upstream_rejected_total{upstream="category"})"), 1);

  StartCategoryService();  // same port, same database: the category exists again
  HttpResult created;
  ASSERT_TRUE(WaitFor(
      [&] {
        created = CreateProduct(category_id);
        return created.status == 201u;
      },
      seconds(60)))
      << "last answer " << created.status << " " << created.body;
  EXPECT_EQ(nlohmann::json::parse(created.body).at("category_name"), "Tools");
  EXPECT_EQ(UpstreamMetric(R"(upstream_circuit_state{upstream="category"})"), 0);
}

}  // namespace
}  // namespace shop::testing
