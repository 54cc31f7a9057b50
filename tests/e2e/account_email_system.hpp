#pragma once
// auth-service's account e-mails end to end: auth-service on its own database, the outbox relay
// publishing its outbox to the run's Kafka, and the gateway in front (every other upstream points
// where nothing listens). Tests call through the gateway as a browser would and read the
// user.verification_requested / user.password_reset_requested events back from Kafka with kcat,
// as notification-service would receive them. Each test runs in its own process
// (gtest_discover_tests), so each starts its own system.

// clang-format off
#include <utility>  // first: Boost 1.74's asio/awaitable.hpp needs std::exchange
// clang-format on

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "kafka_capture.hpp"
#include "service_process.hpp"

namespace shop::testing {

class AccountEmailTest : public ::testing::Test {
 public:
  static constexpr const char* kPassword = "first password 123";

  struct Account {
    std::string id;
    std::string email;
  };

  // The single number `sql` selects from auth-service's database, with `param` as $1.
  static long long AuthScalar(const std::string& sql, const std::string& param);

 protected:
  static void SetUpTestSuite();
  static void TearDownTestSuite();
  void SetUp() override;

  // A gateway in front of the suite's auth-service; rate limits high unless `overrides` say
  // otherwise.
  static std::unique_ptr<ServiceProcess> StartGateway(
      std::map<std::string, std::string> overrides = {});

  // Through the suite's gateway, with `access_token` as bearer (none when empty).
  static HttpResult Api(const std::string& method, const std::string& target,
                        const nlohmann::json& body = nullptr, const std::string& access_token = {});
  static nlohmann::json Json(const HttpResult& result) {
    return nlohmann::json::parse(result.body);
  }
  // Registers <label>-<n>@shop.test with kPassword (asserts 201).
  static Account Register(const std::string& label);
  // POST /auth/login; the answer as it is.
  static HttpResult Login(const std::string& email, const std::string& password);
  // The access token of a login that must succeed.
  static std::string AccessToken(const std::string& email, const std::string& password);

  // The events of `topic` about `user_id` once there are at least `count` of them (fails the test
  // and returns what there is after 60 s).
  static std::vector<CapturedEvent> AwaitEvents(const std::string& topic,
                                                const std::string& user_id, std::size_t count);
  static std::string TokenOf(const CapturedEvent& event);

  // Lines of the auth-service, relay and gateway logs that contain `secret` (none expected).
  static std::vector<std::string> LogLinesWith(const std::string& secret);
  static const ServiceProcess& gateway() { return *gateway_; }

 private:
  static inline std::string keys_dir_;
  static inline std::string auth_db_;
  static inline std::unique_ptr<ServiceProcess> auth_;
  static inline std::unique_ptr<ChildProcess> relay_;
  static inline std::unique_ptr<ServiceProcess> gateway_;
  static inline std::string setup_error_;
  static inline int counter_ = 0;
};

}  // namespace shop::testing
