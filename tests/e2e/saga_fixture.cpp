#include "saga_fixture.hpp"

#include <chrono>
#include <thread>

#include "events/uuid_v7.hpp"

namespace shop::testing {

ShopOptions SagaTest::DefaultOptions() {
  ShopOptions options;
  options.env["order"] = {{"SHOP_ORDER_STOCK_DEADLINE", "60s"},
                          {"SHOP_ORDER_PAYMENT_DEADLINE", "60s"},
                          {"SHOP_ORDER_SCAN_EVERY", "200ms"}};
  return options;
}

void SagaTest::StartSystem(ShopOptions options) {
  // FreePort() does not hold the ports it hands out: another test process may bind one before
  // this system's component does (ServiceProcess then refuses to run on it). A system's
  // components know each other's ports, so the whole system starts again on fresh ones.
  for (int attempt = 1;; ++attempt) {
    try {
      system_ = std::make_unique<ShopSystem>(options);
      return;
    } catch (const std::exception& e) {
      const std::string error = e.what();
      if (attempt < 3 && error.find("is held by another process") != std::string::npos) {
        continue;
      }
      setup_error_ = error;  // reported as a failure by SetUp, not as a skip
      return;
    }
  }
}

void SagaTest::SetUp() {
  ASSERT_TRUE(setup_error_.empty()) << "the system did not start: " << setup_error_;
}

nlohmann::json SagaTest::Address() {
  return {{"name", "Ada Lovelace"},
          {"line1", "12 St James's Square"},
          {"city", "London"},
          {"postal_code", "SW1Y 4JH"},
          {"country", "GB"}};
}

std::string SagaTest::NewProduct(const std::string& name, const std::string& price, int stock) {
  const nlohmann::json category =
      System().CreateCategory(name + " shelf " + events::NewUuidV7().substr(24));
  return System().CreateProduct(name, price, stock, category.at("id")).at("id");
}

void SagaTest::AddToCart(const User& user, const std::string& product_id, int quantity) {
  const HttpResult added =
      System().Api("POST", "/cart/items", user.token,
                   nlohmann::json{{"product_id", product_id}, {"quantity", quantity}}.dump());
  ASSERT_EQ(added.status, 201u) << added.body;
}

HttpResult SagaTest::Checkout(const User& user, const std::string& token,
                              const std::map<std::string, std::string>& headers,
                              const nlohmann::json& extra) {
  nlohmann::json body = {{"shipping_address", Address()}, {"payment_token", token}};
  body.update(extra);
  // A 503 means nothing was done (the gateway's breaker, or cart-service without a free database
  // connection in time, as happens under a sanitizer build's load): a client tries again after a
  // pause, as Retry-After says. Any other answer is the test's to judge.
  HttpResult answer;
  for (int attempt = 1; attempt <= 5; ++attempt) {
    answer = System().Api("POST", "/cart/checkout", user.token, body.dump(), headers);
    if (answer.status != 503) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200 * attempt));  // the client's backoff
  }
  return answer;
}

std::string SagaTest::Buy(const User& user, const std::string& product_id, int quantity,
                          const std::string& token) {
  AddToCart(user, product_id, quantity);
  const HttpResult checkout = Checkout(user, token);
  EXPECT_EQ(checkout.status, 202u) << checkout.body;
  return checkout.status == 202 ? nlohmann::json::parse(checkout.body).value("checkout_id", "")
                                : std::string();
}

std::optional<nlohmann::json> SagaTest::OrderOf(const User& user, const std::string& id) {
  const HttpResult answer = System().Api("GET", "/orders/" + id, user.token);
  if (answer.status == 404) {
    return std::nullopt;
  }
  EXPECT_EQ(answer.status, 200u) << answer.body;
  return nlohmann::json::parse(answer.body, nullptr, false);
}

nlohmann::json SagaTest::WaitForStatus(const User& user, const std::string& id,
                                       const std::string& statuses,
                                       std::chrono::milliseconds deadline) {
  nlohmann::json last = nullptr;
  const bool reached = WaitFor(
      [&] {
        if (const auto order = OrderOf(user, id)) {
          last = *order;
          const std::string status = last.value("status", "");
          return ("|" + statuses + "|").find("|" + status + "|") != std::string::npos;
        }
        return false;
      },
      deadline);
  EXPECT_TRUE(reached) << "order " << id << " did not reach " << statuses << "; last seen "
                       << last.dump();
  return last;
}

long long SagaTest::Stock(const std::string& product_id) {
  const HttpResult product = System().Api("GET", "/api/products/" + product_id, "");
  EXPECT_EQ(product.status, 200u) << product.body;
  return nlohmann::json::parse(product.body).value("stock", -1LL);
}

std::string SagaTest::CancelReason(const nlohmann::json& order) {
  const auto reason = order.find("cancel_reason");
  return reason != order.end() && reason->is_string() ? reason->get<std::string>() : "";
}

nlohmann::json SagaTest::Ledger(const std::string& order_id) {
  const HttpResult ledger =
      System().Service("payment-sim").Call("GET", "/charges?order_id=" + order_id);
  EXPECT_EQ(ledger.status, 200u) << ledger.body;
  return nlohmann::json::parse(ledger.body, nullptr, false);
}

}  // namespace shop::testing
