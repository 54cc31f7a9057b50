// product-service's HTTP API and outbox, driven over real sockets against a real Postgres. The
// categories replica is seeded with SQL; a category-service (with no categories) answers the
// replica's misses.
#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <set>

#include "problem_checks.hpp"
#include "service_process.hpp"
#include "test_identity.hpp"

namespace shop::testing {
namespace {

const std::map<std::string, std::string> kJson = {{"Content-Type", "application/json"}};

struct OutboxRow {
  std::string type;
  nlohmann::json payload;
  nlohmann::json headers;
};

class ProductApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    try {
      database_ = CreateDatabase("product_api");
      categories_ =
          std::make_unique<ServiceProcess>(CATEGORY_SERVICE_BIN, CreateDatabase("product_api_cat"));
      service_ = std::make_unique<ServiceProcess>(
          PRODUCT_SERVICE_BIN, database_,
          std::map<std::string, std::string>{
              {"SHOP_CATEGORY_URL", "http://127.0.0.1:" + std::to_string(categories_->port())}});
    } catch (const std::exception& e) {
      setup_error_ = e.what();  // reported as a failure by SetUp, not as a skip
    }
  }
  void SetUp() override {
    ASSERT_NE(service_, nullptr) << "service did not start: " << setup_error_;
  }
  static void TearDownTestSuite() {
    service_.reset();
    categories_.reset();
  }

  // Inserts a category into the replica, as the category consumer will; returns its id.
  static std::string SeedCategory(const std::string& name, bool deleted = false) {
    pqxx::connection connection(database_);
    pqxx::work txn(connection);
    const std::string id = txn.exec_params1(
                                  "INSERT INTO categories (id, name, version, deleted) "
                                  "VALUES (gen_random_uuid(), $1, 3, $2) RETURNING id::text",
                                  name, deleted)[0]
                               .as<std::string>();
    txn.commit();
    return id;
  }
  static std::vector<OutboxRow> OutboxOf(const std::string& product_id) {
    pqxx::connection connection(database_);
    pqxx::work txn(connection);
    std::vector<OutboxRow> rows;
    for (const auto& r : txn.exec_params(
             "SELECT event_type, payload::text, headers::text FROM outbox WHERE key = $1 "
             "ORDER BY id",
             product_id)) {
      rows.push_back({r[0].as<std::string>(), nlohmann::json::parse(r[1].as<std::string>()),
                      nlohmann::json::parse(r[2].as<std::string>())});
    }
    return rows;
  }
  static HttpResult Post(const nlohmann::json& body) {
    return service_->Call("POST", "/api/products", body.dump(), kJson);
  }
  static nlohmann::json Lamp(const std::string& category_id) {
    return {{"name", "Lamp"},
            {"description", "bright"},
            {"price", "12.50"},
            {"stock", 3},
            {"category_id", category_id}};
  }
  // Creates a product and returns its JSON (fails the test on anything but 201).
  static nlohmann::json Create(const nlohmann::json& body) {
    const HttpResult created = Post(body);
    EXPECT_EQ(created.status, 201u) << created.body;
    return nlohmann::json::parse(created.body);
  }
  static inline std::string setup_error_;
  static inline std::string database_;
  static inline std::unique_ptr<ServiceProcess> service_;     // one process and database per suite
  static inline std::unique_ptr<ServiceProcess> categories_;  // answers replica misses (404)
};

TEST_F(ProductApiTest, CreatedProductKeepsItsPriceAsADecimalString) {
  const std::string category_id = SeedCategory("Lighting");
  const HttpResult created = Post(Lamp(category_id));
  ASSERT_EQ(created.status, 201u) << created.body;
  const auto body = nlohmann::json::parse(created.body);
  EXPECT_EQ(body.at("price"), "12.50");
  EXPECT_TRUE(body.at("price").is_string());
  EXPECT_EQ(body.at("category_name"), "Lighting");
  EXPECT_EQ(body.at("version"), 1);
  const std::string id = body.at("id");
  EXPECT_EQ(created.headers.at("location"), "/api/products/" + id);

  const HttpResult read = service_->Call("GET", "/api/products/" + id);
  ASSERT_EQ(read.status, 200u);
  EXPECT_EQ(nlohmann::json::parse(read.body), body);

  const std::vector<OutboxRow> events = OutboxOf(id);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].type, "product.created");
  EXPECT_EQ(events[0].payload, body);
  EXPECT_EQ(events[0].headers.at("ce_source"), "/services/product");
}

TEST_F(ProductApiTest, PriceGivenAsAJsonNumberIsRejected) {
  nlohmann::json body = Lamp(SeedCategory("Numbers"));
  body["price"] = 12.5;
  ExpectProblem(Post(body), 422);
}

TEST_F(ProductApiTest, InvalidFieldsAreRejected) {
  const std::string category_id = SeedCategory("Invalid");
  for (const auto& [field, value] :
       std::vector<std::pair<std::string, nlohmann::json>>{{"price", "-1.00"},
                                                           {"price", "1.234"},
                                                           {"price", "10000000000.00"},
                                                           {"stock", -1},
                                                           {"name", "  "},
                                                           {"category_id", "nope"}}) {
    nlohmann::json body = Lamp(category_id);
    body[field] = value;
    ExpectProblem(Post(body), 422);
  }
}

TEST_F(ProductApiTest, UnknownCategoryIsRejected) {
  const HttpResult result = Post(Lamp("0190a3c4-0000-7000-8000-00000000dead"));
  ExpectProblem(result, 422);
  EXPECT_NE(result.body.find("unknown category"), std::string::npos) << result.body;
}

TEST_F(ProductApiTest, DeletedCategoryInTheReplicaIsRejected) {
  const HttpResult result = Post(Lamp(SeedCategory("Gone", /*deleted=*/true)));
  ExpectProblem(result, 422);
  EXPECT_NE(result.body.find("was deleted"), std::string::npos) << result.body;
}

TEST_F(ProductApiTest, MalformedJsonIsABadRequest) {
  ExpectProblem(service_->Call("POST", "/api/products", R"({"name": )", kJson), 400);
}

TEST_F(ProductApiTest, UnknownProductIsNotFound) {
  ExpectProblem(service_->Call("GET", "/api/products/0190a3c4-0000-7000-8000-00000000beef"), 404);
  ExpectProblem(service_->Call("GET", "/api/products/not-a-uuid"), 404);
}

TEST_F(ProductApiTest, ListFiltersByCategoryAndPagesWithACursor) {
  const std::string category_id = SeedCategory("Paged");
  const std::string other_id = SeedCategory("Other");
  std::set<std::string> created;
  for (int i = 0; i < 5; ++i) {
    nlohmann::json body = Lamp(category_id);
    body["name"] = "Paged " + std::to_string(i);
    created.insert(Create(body).at("id").get<std::string>());
  }
  Create(Lamp(other_id));

  std::vector<std::string> seen;
  std::vector<std::size_t> page_sizes;
  std::string cursor;
  do {
    std::string target = "/api/products?limit=2&category_id=" + category_id;
    if (!cursor.empty()) {
      target += "&cursor=" + cursor;
    }
    const HttpResult page = service_->Call("GET", target);
    ASSERT_EQ(page.status, 200u) << page.body;
    const auto body = nlohmann::json::parse(page.body);
    page_sizes.push_back(body.at("items").size());
    for (const auto& item : body.at("items")) {
      EXPECT_EQ(item.at("category_id"), category_id);
      seen.push_back(item.at("id"));
    }
    cursor = body.at("next_cursor").is_null() ? "" : body.at("next_cursor").get<std::string>();
    ASSERT_LE(page_sizes.size(), 3u);
  } while (!cursor.empty());

  EXPECT_EQ(page_sizes, (std::vector<std::size_t>{2, 2, 1}));
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()), created);

  const HttpResult searched =
      service_->Call("GET", "/api/products?q=paged%203&category_id=" + category_id);
  ASSERT_EQ(searched.status, 200u);
  EXPECT_EQ(nlohmann::json::parse(searched.body).at("items").size(), 1u);

  ExpectProblem(service_->Call("GET", "/api/products?limit=101"), 400);
  ExpectProblem(service_->Call("GET", "/api/products?cursor=garbage!"), 400);
}

TEST_F(ProductApiTest, PatchedPriceBumpsTheVersionAndWritesOneUpdatedEvent) {
  const std::string id = Create(Lamp(SeedCategory("Patched"))).at("id");
  const HttpResult patched =
      service_->Call("PATCH", "/api/products/" + id, R"({"price":"13"})", kJson);
  ASSERT_EQ(patched.status, 200u) << patched.body;
  EXPECT_EQ(nlohmann::json::parse(patched.body).at("version"), 2);
  EXPECT_EQ(nlohmann::json::parse(patched.body).at("price"), "13.00");

  // Restating the stored values changes nothing: same version, no event.
  const HttpResult again =
      service_->Call("PATCH", "/api/products/" + id, R"({"price":"13.00","stock":3})", kJson);
  ASSERT_EQ(again.status, 200u) << again.body;
  EXPECT_EQ(nlohmann::json::parse(again.body).at("version"), 2);

  const std::vector<OutboxRow> events = OutboxOf(id);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].type, "product.updated");
  EXPECT_EQ(events[1].payload.at("price"), "13.00");
  EXPECT_EQ(events[1].payload.at("version"), 2);
}

TEST_F(ProductApiTest, PatchToADeletedCategoryIsRejected) {
  const std::string id = Create(Lamp(SeedCategory("Before move"))).at("id");
  const nlohmann::json move{{"category_id", SeedCategory("Deleted target", true)}};
  ExpectProblem(service_->Call("PATCH", "/api/products/" + id, move.dump(), kJson), 422);
  const nlohmann::json live{{"category_id", SeedCategory("Live target")}};
  const HttpResult moved = service_->Call("PATCH", "/api/products/" + id, live.dump(), kJson);
  ASSERT_EQ(moved.status, 200u) << moved.body;
  EXPECT_EQ(nlohmann::json::parse(moved.body).at("category_name"), "Live target");
}

TEST_F(ProductApiTest, DeletedProductIsGoneAndItsEventCarriesTheNextVersion) {
  const std::string id = Create(Lamp(SeedCategory("Deleted"))).at("id");
  ASSERT_EQ(service_->Call("DELETE", "/api/products/" + id).status, 204u);
  ExpectProblem(service_->Call("GET", "/api/products/" + id), 404);
  ExpectProblem(service_->Call("DELETE", "/api/products/" + id), 404);

  const std::vector<OutboxRow> events = OutboxOf(id);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].type, "product.deleted");
  EXPECT_EQ(events[1].payload.at("id"), id);
  EXPECT_EQ(events[1].payload.at("version"), 2);
}

}  // namespace
}  // namespace shop::testing

namespace shop::testing {
namespace {

std::map<std::string, std::string> As(const std::string& token) {
  return {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + token}};
}

TEST_F(ProductApiTest, WritesNeedAValidToken) {
  const std::string body = Lamp(SeedCategory("Tokens")).dump();
  const HttpResult none = service_->Call(
      "POST", "/api/products", body, {{"Content-Type", "application/json"}, {"Authorization", ""}});
  EXPECT_EQ(none.status, 401u) << none.body;
  EXPECT_EQ(none.headers.at("www-authenticate"), "Bearer");
  EXPECT_EQ(service_->Call("POST", "/api/products", body, As("not.a.token")).status, 401u);
  EXPECT_EQ(service_->Call("GET", "/api/products?limit=1", {}, {{"Authorization", ""}}).status,
            200u)
      << "reads are public";
}

TEST_F(ProductApiTest, ASellerChangesOnlyTheirOwnProductsAndACustomerNone) {
  const TestIdentity& identity = TestIdentity::Shared();
  const std::string seller_a = identity.Token("0190a3c4-0000-7000-8000-0000000000a1", "seller");
  const std::string seller_b = identity.Token("0190a3c4-0000-7000-8000-0000000000b2", "seller");
  const std::string customer = identity.Token("0190a3c4-0000-7000-8000-0000000000c3", "customer");
  const std::string category_id = SeedCategory("Sellers");

  EXPECT_EQ(service_->Call("POST", "/api/products", Lamp(category_id).dump(), As(customer)).status,
            403u);
  const HttpResult created =
      service_->Call("POST", "/api/products", Lamp(category_id).dump(), As(seller_a));
  ASSERT_EQ(created.status, 201u) << created.body;
  const nlohmann::json product = nlohmann::json::parse(created.body);
  EXPECT_EQ(product.at("seller_id"), "0190a3c4-0000-7000-8000-0000000000a1");
  const std::string path = "/api/products/" + product.at("id").get<std::string>();

  const HttpResult foreign = service_->Call("PATCH", path, R"({"stock": 9})", As(seller_b));
  EXPECT_EQ(foreign.status, 403u) << foreign.body;
  EXPECT_EQ(service_->Call("DELETE", path, {}, As(seller_b)).status, 403u);
  EXPECT_EQ(service_->Call("PATCH", path, R"({"stock": 9})", As(customer)).status, 403u);
  EXPECT_EQ(service_->Call("PATCH", path, R"({"stock": 7})", As(seller_a)).status, 200u);
  EXPECT_EQ(service_->Call("PATCH", path, R"({"stock": 8})", kJson).status, 200u) << "an admin may";
  EXPECT_EQ(nlohmann::json::parse(service_->Call("GET", path).body).at("stock"), 8);
  EXPECT_EQ(service_->Call("DELETE", path, {}, As(seller_a)).status, 204u);
}

// The operators' read of a stock reservation (api/reservation_routes.hpp); the consumer that
// writes reservations is tested in tests/stock_integration, so the row is seeded with SQL here.
TEST_F(ProductApiTest, AStockReservationIsReadByAdminsOnly) {
  const std::string order_id = "0190a3c4-0000-7000-8000-00000000e001";
  const std::string product_id = "0190a3c4-0000-7000-8000-00000000e002";
  {
    pqxx::connection connection(database_);
    pqxx::work txn(connection);
    txn.exec_params(
        "INSERT INTO stock_reservations (order_id, status, version) "
        "VALUES ($1, 'reserved', 1)",
        order_id);
    txn.exec_params(
        "INSERT INTO stock_reservation_lines (order_id, product_id, quantity) "
        "VALUES ($1, $2, 3)",
        order_id, product_id);
    txn.commit();
  }
  const std::string path = "/api/products/reservations/" + order_id;

  const HttpResult read = service_->Call("GET", path);  // an admin's token
  ASSERT_EQ(read.status, 200u) << read.body;
  const nlohmann::json body = nlohmann::json::parse(read.body);
  EXPECT_EQ(body.at("order_id"), order_id);
  EXPECT_EQ(body.at("status"), "reserved");
  EXPECT_EQ(body.at("version"), 1);
  EXPECT_EQ(body.at("lines"),
            nlohmann::json::parse(R"([{"product_id":")" + product_id + R"(","quantity":3}])"));
  EXPECT_TRUE(body.at("created_at").is_string());

  const std::string customer =
      TestIdentity::Shared().Token("0190a3c4-0000-7000-8000-0000000000c3", "customer");
  ExpectProblem(service_->Call("GET", path, {}, As(customer)), 403);
  ExpectProblem(service_->Call("GET", path, {}, {{"Authorization", ""}}), 401);
  ExpectProblem(service_->Call("GET",
                               "/api/products/reservations/0190a3c4-0000-7000-8000-"
                               "00000000e0ff"),
                404);
  ExpectProblem(service_->Call("GET", "/api/products/reservations/not-a-uuid"), 404);
}

}  // namespace
}  // namespace shop::testing
