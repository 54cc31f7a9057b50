#pragma once
// The gateway in front of real services: auth-service (with a signing key the test wrote, so it
// can forge tokens), category-service and product-service on their own databases (trusting
// auth-service's keys, so one token passes the gateway and the service), and an
// in-process echo server standing in for cart-service, which answers every request with what it
// received (method, target, headers, body) and counts them. order-service points at a port where
// nothing listens. Each test runs in its own process (gtest_discover_tests), so each starts its
// own set.

// clang-format off
#include <utility>  // first: Boost 1.74's asio/awaitable.hpp needs std::exchange
// clang-format on

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "platform/auth/signing_key.hpp"
#include "platform/http/server.hpp"
#include "service_process.hpp"

namespace shop::testing {

// An upstream that echoes each request as JSON: {"method", "target", "headers": {lower-case name:
// value}, "body"}.
class EchoUpstream {
 public:
  EchoUpstream();
  ~EchoUpstream();
  std::uint16_t port() const { return port_; }
  int requests() const { return requests_.load(); }

 private:
  std::atomic<int> requests_{0};
  metrics::Registry metrics_;
  http::Router router_;
  std::unique_ptr<http::HttpServer> server_;
  std::uint16_t port_ = 0;
};

class GatewayTest : public ::testing::Test {
 protected:
  static constexpr const char* kKid = "2026-11-24-gateway";
  static constexpr const char* kAdminEmail = "root@shop.test";
  static constexpr const char* kAdminPassword = "admin password 123";
  static constexpr const char* kOrigin = "https://shop.example";

  static void SetUpTestSuite();
  static void TearDownTestSuite();
  void SetUp() override;

  // A gateway in front of the suite's services. By default rate limits are high enough never to
  // interfere, the breaker opens after 3 failures for 3 s, bodies are limited to 64 KiB and CORS
  // allows kOrigin; `overrides` replace any of these settings.
  static std::unique_ptr<ServiceProcess> StartGateway(
      std::map<std::string, std::string> overrides = {});
  // Restarts product-service on its port and database (after a test stopped it).
  static void StartProduct();

  static HttpResult Call(const std::string& method, const std::string& target,
                         const std::string& body = {},
                         const std::map<std::string, std::string>& headers = {});
  static HttpResult CallWithToken(const std::string& method, const std::string& target,
                                  const std::string& token, const std::string& body = {});
  static std::string Metrics(const ServiceProcess& gateway);
  // A token signed with the suite's key, valid now; `changes` edit the payload.
  static std::string ForgedToken(const nlohmann::json& changes = nlohmann::json::object());
  static nlohmann::json Json(const HttpResult& result) {
    return nlohmann::json::parse(result.body);
  }

  static inline std::unique_ptr<auth::SigningKey> key_;
  static inline std::string keys_dir_;
  static inline std::unique_ptr<ServiceProcess> auth_;
  static inline std::unique_ptr<ServiceProcess> category_;
  static inline std::string product_database_;
  static inline std::uint16_t product_port_ = 0;
  static inline std::unique_ptr<ServiceProcess> product_;
  static inline std::unique_ptr<EchoUpstream> echo_;
  static inline std::unique_ptr<ServiceProcess> gateway_;
  static inline std::string setup_error_;
};

}  // namespace shop::testing
