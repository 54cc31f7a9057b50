#include "cart_system.hpp"

#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <pqxx/pqxx>
#include <stdexcept>

#include "events/uuid_v7.hpp"
#include "platform/auth/signing_key.hpp"
#include "relay_process.hpp"

namespace shop::testing {
namespace {

std::string Url(std::uint16_t port) { return "http://127.0.0.1:" + std::to_string(port); }

const char* const kCartGroups[] = {"cart.user-sync", "cart.product-sync", "cart.category-sync",
                                   "cart.order-events"};

}  // namespace

void CartSystemTest::SetUpTestSuite() {
  try {
    group_suffix_ = "." + events::NewUuidV7().substr(0, 8) + std::to_string(::getpid());
    std::vector<std::string> topics;
    for (const char* group : kCartGroups) {
      topics.push_back(group + group_suffix_ + ".retry");
      topics.push_back(group + group_suffix_ + ".dlq");
    }
    topics.push_back("product.category-sync" + group_suffix_ + ".retry");
    topics.push_back("product.category-sync" + group_suffix_ + ".dlq");
    CreateKafkaTopics(topics, 1);

    const auth::SigningKey key = auth::SigningKey::Generate("2026-11-24-cart");
    keys_dir_ = RequiredEnv("SHOP_TEST_TMPDIR") + "/cart-keys-" + std::to_string(FreePort());
    std::filesystem::create_directories(keys_dir_);
    std::ofstream(keys_dir_ + "/2026-11-24-cart.pem") << key.PrivatePem();
    auth_db_ = CreateDatabase("cart_e2e_auth");
    category_db_ = CreateDatabase("cart_e2e_category");
    product_db_ = CreateDatabase("cart_e2e_product");
    cart_db_ = CreateDatabase("cart_e2e_cart");
    auth_ = std::make_unique<ServiceProcess>(
        AUTH_SERVICE_BIN, auth_db_,
        std::map<std::string, std::string>{{"SHOP_JWT_KEYS_DIR", keys_dir_},
                                           {"SHOP_PASSWORD_MEMLIMIT", "19MiB"},
                                           {"SHOP_ADMIN_EMAIL", kAdminEmail},
                                           {"SHOP_ADMIN_PASSWORD", kAdminPassword}});
    const std::string auth_url = Url(auth_->port());
    category_ = std::make_unique<ServiceProcess>(
        CATEGORY_SERVICE_BIN, category_db_,
        std::map<std::string, std::string>{{"SHOP_AUTH_URL", auth_url}});
    product_port_ = FreePort();
    StartProduct();
    cart_ = std::make_unique<ServiceProcess>(
        CART_SERVICE_BIN, cart_db_,
        std::map<std::string, std::string>{
            {"SHOP_AUTH_URL", auth_url},
            {"SHOP_KAFKA_BOOTSTRAP", KafkaBootstrap()},
            {"SHOP_PRODUCT_URL", Url(product_port_)},
            {"SHOP_PRODUCT_TIMEOUT", "500ms"},
            {"SHOP_PRODUCT_BREAKER_OPEN", "1s"},
            {"SHOP_CART_USER_SYNC_GROUP", std::string(kCartGroups[0]) + group_suffix_},
            {"SHOP_CART_PRODUCT_SYNC_GROUP", std::string(kCartGroups[1]) + group_suffix_},
            {"SHOP_CART_CATEGORY_SYNC_GROUP", std::string(kCartGroups[2]) + group_suffix_},
            {"SHOP_CART_ORDER_EVENTS_GROUP", std::string(kCartGroups[3]) + group_suffix_}});
    gateway_ = std::make_unique<ServiceProcess>(
        GATEWAY_BIN, "",
        std::map<std::string, std::string>{{"SHOP_AUTH_URL", auth_url},
                                           {"SHOP_CATEGORY_URL", Url(category_->port())},
                                           {"SHOP_PRODUCT_URL", Url(product_port_)},
                                           {"SHOP_CART_URL", Url(cart_->port())},
                                           {"SHOP_ORDER_URL", "http://127.0.0.1:1"},
                                           {"SHOP_PAYMENT_URL", "http://127.0.0.1:1"},
                                           {"SHOP_DELIVERY_URL", "http://127.0.0.1:1"},
                                           {"SHOP_GATEWAY_RATE_AUTH", "1000000"},
                                           {"SHOP_GATEWAY_RATE_ADMIN", "1000000"},
                                           {"SHOP_GATEWAY_RATE_OTHER", "1000000"},
                                           {"SHOP_GATEWAY_TIMEOUT", "10s"}});
    StartRelay();
    const HttpResult login =
        Api("POST", "/auth/login", "",
            nlohmann::json{{"email", kAdminEmail}, {"password", kAdminPassword}}.dump());
    if (login.status != 200) {
      throw std::runtime_error("admin login: " + std::to_string(login.status) + " " + login.body);
    }
    admin_.token = Json(login).at("access_token");
    admin_.id = Json(Api("GET", "/auth/me", admin_.token)).at("id");
  } catch (const std::exception& e) {
    setup_error_ = e.what();  // reported as a failure by SetUp, not as a skip
  }
}

void CartSystemTest::TearDownTestSuite() {
  relay_.reset();
  gateway_.reset();
  cart_.reset();
  product_.reset();
  category_.reset();
  auth_.reset();
}

void CartSystemTest::SetUp() {
  ASSERT_TRUE(setup_error_.empty()) << "the system did not start: " << setup_error_;
}

HttpResult CartSystemTest::Api(const std::string& method, const std::string& target,
                               const std::string& token, const std::string& body,
                               const std::map<std::string, std::string>& headers) {
  std::map<std::string, std::string> all = headers;
  if (!body.empty() && !all.contains("Content-Type")) {
    all["Content-Type"] = "application/json";
  }
  all["Authorization"] = token.empty() ? "" : "Bearer " + token;
  return gateway_->Call(method, target, body, all);
}

CartSystemTest::User CartSystemTest::NewCustomer(const std::string& name) {
  const nlohmann::json credentials = {{"email", name + "@shop.test"},
                                      {"password", name + " password 123"}};
  const HttpResult created = Api("POST", "/auth/register", "", credentials.dump());
  if (created.status != 201) {
    throw std::runtime_error("register " + name + ": " + created.body);
  }
  const HttpResult login = Api("POST", "/auth/login", "", credentials.dump());
  if (login.status != 200) {
    throw std::runtime_error("login " + name + ": " + login.body);
  }
  return {.id = Json(created).at("id"), .token = Json(login).at("access_token")};
}

nlohmann::json CartSystemTest::CreateCategory(const std::string& name) {
  const HttpResult created =
      Api("POST", "/api/categories", admin_.token, nlohmann::json{{"name", name}}.dump());
  if (created.status != 201) {
    throw std::runtime_error("create category " + name + ": " + created.body);
  }
  return Json(created);
}

nlohmann::json CartSystemTest::CreateProduct(const std::string& name, const std::string& price,
                                             int stock, const std::string& category_id) {
  const HttpResult created =
      Api("POST", "/api/products", admin_.token,
          nlohmann::json{
              {"name", name}, {"price", price}, {"stock", stock}, {"category_id", category_id}}
              .dump());
  if (created.status != 201) {
    throw std::runtime_error("create product " + name + ": " + created.body);
  }
  return Json(created);
}

HttpResult CartSystemTest::Add(const User& user, const std::string& product_id, int quantity,
                               const std::map<std::string, std::string>& headers) {
  return Api("POST", "/cart/items", user.token,
             nlohmann::json{{"product_id", product_id}, {"quantity", quantity}}.dump(), headers);
}

nlohmann::json CartSystemTest::CartOf(const User& user) {
  const HttpResult cart = Api("GET", "/cart", user.token);
  EXPECT_EQ(cart.status, 200u) << cart.body;
  return cart.status == 200 ? Json(cart) : nlohmann::json::object();
}

nlohmann::json CartSystemTest::CheckoutBody(const nlohmann::json& changes) {
  nlohmann::json body = {{"shipping_address",
                          {{"name", "Grace Hopper"},
                           {"line1", "1 Navy Yard"},
                           {"city", "Arlington"},
                           {"postal_code", "22202"},
                           {"country", "US"}}},
                         {"payment_token", kPaymentToken}};
  body.merge_patch(changes);
  return body;
}

HttpResult CartSystemTest::Checkout(const User& user, const nlohmann::json& changes) {
  return Api("POST", "/cart/checkout", user.token, CheckoutBody(changes).dump());
}

long long CartSystemTest::CartScalar(const std::string& sql) {
  pqxx::connection connection(cart_db_);
  pqxx::nontransaction query(connection);
  return query.exec(sql).at(0).at(0).as<long long>();
}

void CartSystemTest::StopProduct() { product_.reset(); }

void CartSystemTest::StartProduct() {
  product_ = std::make_unique<ServiceProcess>(
      PRODUCT_SERVICE_BIN, product_db_,
      std::map<std::string, std::string>{
          {"SHOP_AUTH_URL", Url(auth_->port())},
          {"SHOP_CATEGORY_URL", Url(category_->port())},
          {"SHOP_KAFKA_BOOTSTRAP", KafkaBootstrap()},
          {"SHOP_CATEGORY_SYNC_GROUP", "product.category-sync" + group_suffix_}},
      product_port_);
}

void CartSystemTest::StopRelay() {
  relay_->Signal(SIGKILL);
  if (!relay_->Wait(std::chrono::seconds(10))) {
    throw std::runtime_error("the relay did not exit after SIGKILL");
  }
  relay_.reset();
}

void CartSystemTest::StartRelay() {
  relay_ = std::make_unique<ChildProcess>(StartOutboxRelay(
      {auth_db_, category_db_, product_db_, cart_db_}, KafkaBootstrap(), "cart-e2e"));
}

}  // namespace shop::testing
