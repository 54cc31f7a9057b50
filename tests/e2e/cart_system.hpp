#pragma once
// The whole platform for cart-service's end-to-end tests: auth, category, product and cart
// services on their own databases, the outbox relay over all four outboxes into the run's Kafka,
// and the gateway in front. The consumer groups (product.category-sync, the three cart.*-sync and
// cart.order-events) carry a suffix of their own, with their .retry and .dlq topics, so no other
// test's services take their messages. Each test runs in its own process (gtest_discover_tests), so
// each starts its own system; tests call through the gateway with real tokens issued by
// auth-service.

// clang-format off
#include <utility>  // first: Boost 1.74's asio/awaitable.hpp needs std::exchange
// clang-format on

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "service_process.hpp"

namespace shop::testing {

class CartSystemTest : public ::testing::Test {
 protected:
  static constexpr const char* kAdminEmail = "root@shop.test";
  static constexpr const char* kAdminPassword = "admin password 123";

  struct User {
    std::string id;
    std::string token;
  };

  static void SetUpTestSuite();
  static void TearDownTestSuite();
  void SetUp() override;

  // Through the gateway, with `token` as bearer (none when empty).
  static HttpResult Api(const std::string& method, const std::string& target,
                        const std::string& token, const std::string& body = {},
                        const std::map<std::string, std::string>& headers = {});
  static nlohmann::json Json(const HttpResult& result) {
    return nlohmann::json::parse(result.body);
  }
  // Registers and logs in a customer (email <name>@shop.test).
  static User NewCustomer(const std::string& name);
  static const User& Admin() { return admin_; }

  // As admin through the gateway; the created resource.
  static nlohmann::json CreateCategory(const std::string& name);
  static nlohmann::json CreateProduct(const std::string& name, const std::string& price, int stock,
                                      const std::string& category_id);
  // POST /cart/items {product_id, quantity} as `user`.
  static HttpResult Add(const User& user, const std::string& product_id, int quantity,
                        const std::map<std::string, std::string>& headers = {});
  // GET /cart of `user` (asserts 200).
  static nlohmann::json CartOf(const User& user);
  // A complete checkout body (decision 0032): a shipping address and the payment token
  // kPaymentToken, with `changes` merged over it (JSON merge patch: null removes a member).
  static constexpr const char* kPaymentToken = "tok_visa_e2e_4242";
  static nlohmann::json CheckoutBody(const nlohmann::json& changes = nlohmann::json::object());
  // POST /cart/checkout as `user` with CheckoutBody(changes).
  static HttpResult Checkout(const User& user,
                             const nlohmann::json& changes = nlohmann::json::object());

  // product-service stops (SIGKILL) and starts again on the same port and database.
  static void StopProduct();
  static void StartProduct();
  // The relay stops (SIGKILL) and starts again: events wait in the outboxes meanwhile.
  static void StopRelay();
  static void StartRelay();

  // The single number `sql` (a count, say) selects from cart-service's database.
  static long long CartScalar(const std::string& sql);
  static const ServiceProcess& cart() { return *cart_; }
  static const ServiceProcess& gateway() { return *gateway_; }

 private:
  static inline std::string keys_dir_;
  static inline std::string auth_db_;
  static inline std::string category_db_;
  static inline std::string product_db_;
  static inline std::string cart_db_;
  static inline std::uint16_t product_port_ = 0;
  static inline std::unique_ptr<ServiceProcess> auth_;
  static inline std::unique_ptr<ServiceProcess> category_;
  static inline std::unique_ptr<ServiceProcess> product_;
  static inline std::unique_ptr<ServiceProcess> cart_;
  static inline std::unique_ptr<ServiceProcess> gateway_;
  static inline std::unique_ptr<ChildProcess> relay_;
  static inline std::string group_suffix_;
  static inline User admin_;
  static inline std::string setup_error_;
};

}  // namespace shop::testing
