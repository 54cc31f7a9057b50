#pragma once
// What the order saga's end-to-end tests share: a whole ShopSystem per test process, and the calls
// a customer makes through the gateway (cart, checkout, orders, payments) with the waits the saga
// needs (an order reaches a state asynchronously: poll with a deadline).

// clang-format off
#include <utility>  // first: Boost 1.74's asio/awaitable.hpp needs std::exchange
// clang-format on

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "shop_system.hpp"

namespace shop::testing {

class SagaTest : public ::testing::Test {
 protected:
  using User = ShopSystem::User;

  // The settings every saga test runs with (deadlines short enough for a test to see them).
  static ShopOptions DefaultOptions();
  // Starts the system once per test process (each test is its own process).
  static void StartSystem(ShopOptions options);
  static void SetUpTestSuite() { StartSystem(DefaultOptions()); }
  static void TearDownTestSuite() { system_.reset(); }
  void SetUp() override;

  static ShopSystem& System() { return *system_; }

  // A shipping address the contract accepts.
  static nlohmann::json Address();
  // A product of a fresh category, `stock` units at `price`.
  static std::string NewProduct(const std::string& name, const std::string& price, int stock);
  // POST /cart/items as `user`; asserts 201.
  static void AddToCart(const User& user, const std::string& product_id, int quantity);
  // POST /cart/checkout as `user` with an address and `token` (and `extra` members); the answer.
  // A 503 (nothing done) is tried again, up to 5 times, as a client would.
  static HttpResult Checkout(const User& user, const std::string& token,
                             const std::map<std::string, std::string>& headers = {},
                             const nlohmann::json& extra = nlohmann::json::object());
  // AddToCart + Checkout, asserting 202; the checkout id (the order's id).
  static std::string Buy(const User& user, const std::string& product_id, int quantity,
                         const std::string& token);
  // GET /orders/{id} as `user`: the order, or nullopt while it does not exist (404).
  static std::optional<nlohmann::json> OrderOf(const User& user, const std::string& id);
  // Polls until the order's status is one of `statuses` (e.g. "confirmed|cancelled"); the last
  // answer seen (asserts it got there within `deadline`).
  static nlohmann::json WaitForStatus(
      const User& user, const std::string& id, const std::string& statuses,
      std::chrono::milliseconds deadline = std::chrono::seconds(60));
  // The product's stock as product-service answers it.
  static long long Stock(const std::string& product_id);
  // An order's cancel_reason; "" while it has none (the field is null until a cancellation).
  static std::string CancelReason(const nlohmann::json& order);
  // The provider sim's ledger for one order: {order_id, voided, charges: [...], refunds: [...]}.
  static nlohmann::json Ledger(const std::string& order_id);

 private:
  static inline std::unique_ptr<ShopSystem> system_;
  static inline std::string setup_error_;
};

}  // namespace shop::testing
