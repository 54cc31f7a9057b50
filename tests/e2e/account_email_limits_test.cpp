// The limits of account e-mails: an unknown address is answered as a known one is, in the same
// time class (the medians are printed, not asserted: no timing assertions in tests); the reset
// routes are rate-limited at the gateway in the `auth` class, as login is; expired tokens are
// refused (short lifetimes set by the environment).
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <pqxx/pqxx>

#include "account_email_system.hpp"
#include "platform/auth/signing_key.hpp"
#include "platform/text/rfc3339.hpp"

namespace shop::testing {
namespace {

using namespace std::chrono_literals;

double MedianMs(std::vector<double> samples) {
  std::sort(samples.begin(), samples.end());
  return samples.empty() ? 0 : samples[samples.size() / 2];
}

TEST_F(AccountEmailTest, AnUnknownAddressGetsTheAnswerOfAKnownOneInItsTimeClass) {
  const Account known = Register("timing");
  constexpr int kRounds = 25;
  std::vector<double> known_ms;
  std::vector<double> unknown_ms;
  std::string first_body;
  for (int i = 0; i < kRounds; ++i) {
    // Alternating, so a drift of the machine's load falls on both alike.
    for (const bool is_known : {true, false}) {
      const std::string email =
          is_known ? known.email : "stranger-" + std::to_string(i) + "-" + known.id + "@shop.test";
      const auto started = std::chrono::steady_clock::now();
      const HttpResult r = Api("POST", "/auth/password-reset/request", {{"email", email}});
      const double ms =
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
              .count();
      ASSERT_EQ(r.status, 202u) << r.body;
      if (first_body.empty()) {
        first_body = r.body;
      }
      EXPECT_EQ(r.body, first_body);
      (is_known ? known_ms : unknown_ms).push_back(ms);
    }
  }
  const double known_median = MedianMs(known_ms);
  const double unknown_median = MedianMs(unknown_ms);
  std::cout << "password-reset request through the gateway, median of " << kRounds
            << ": known address " << known_median << " ms, unknown address " << unknown_median
            << " ms\n";
  RecordProperty("known_median_ms", std::to_string(known_median));
  RecordProperty("unknown_median_ms", std::to_string(unknown_median));
  // Each known request e-mailed a token; no stranger got one.
  const std::vector<CapturedEvent> events =
      AwaitEvents("user.password_reset_requested", known.id, kRounds);
  EXPECT_EQ(events.size(), static_cast<std::size_t>(kRounds));
  for (const CapturedEvent& event :
       CaptureEvents(KafkaBootstrap(), {"user.password_reset_requested"})) {
    EXPECT_EQ(event.data.find("stranger-"), std::string::npos) << event.data;
  }
}

TEST_F(AccountEmailTest, TheResetRoutesMeet429AfterTheAuthClassLimit) {
  const auto limited = StartGateway({{"SHOP_GATEWAY_RATE_AUTH", "5"}});
  const std::map<std::string, std::string> json = {{"Content-Type", "application/json"},
                                                   {"Authorization", ""}};
  const std::string request = nlohmann::json{{"email", "nobody@shop.test"}}.dump();
  int first_refusal = -1;
  for (int i = 0; i < 10 && first_refusal < 0; ++i) {
    const HttpResult r = limited->Call("POST", "/auth/password-reset/request", request, json);
    if (r.status == 429) {
      first_refusal = i;
      EXPECT_EQ(r.headers.at("content-type"), "application/problem+json");
      EXPECT_EQ(r.headers.at("ratelimit-limit"), "5");
      EXPECT_GE(std::stoi(r.headers.at("retry-after")), 1);
    } else {
      ASSERT_EQ(r.status, 202u) << "request " << i + 1 << ": " << r.body;
    }
  }
  ASSERT_GE(first_refusal, 5) << "the first 5 are within the limit";
  ASSERT_LT(first_refusal, 10) << "10 requests were never limited";
  // The same client's bucket of the class: the other account routes are refused as well.
  const std::string confirm =
      nlohmann::json{{"token", "x"}, {"password", "long enough 123"}}.dump();
  EXPECT_EQ(limited->Call("POST", "/auth/password-reset/confirm", confirm, json).status, 429u);
  EXPECT_EQ(limited->Call("POST", "/auth/verify-email", R"({"token":"x"})", json).status, 429u);
}

// One address is sent at most SHOP_PASSWORD_RESET_MAILS_PER_HOUR reset e-mails an hour (2 here),
// however many clients ask: every request still answers 202 with the same body, and every request
// (known address or not) leaves its row in password_reset_requests. No relay runs: the events are
// counted in the outbox.
TEST(AccountEmailCapTest, AnAddressIsSentAtMostTheHourlyNumberOfResetMails) {
  const std::string keys =
      RequiredEnv("SHOP_TEST_TMPDIR") + "/cap-keys-" + std::to_string(FreePort());
  std::filesystem::create_directories(keys);
  std::ofstream(keys + "/k1.pem") << auth::SigningKey::Generate("k1").PrivatePem();
  const std::string database = CreateDatabase("account_cap");
  const ServiceProcess auth(AUTH_SERVICE_BIN, database,
                            {{"SHOP_JWT_KEYS_DIR", keys},
                             {"SHOP_PASSWORD_MEMLIMIT", "19MiB"},
                             {"SHOP_AUTH_URL", "http://127.0.0.1:1"},
                             {"SHOP_PASSWORD_RESET_MAILS_PER_HOUR", "2"}});
  const std::map<std::string, std::string> json = {{"Content-Type", "application/json"}};
  const std::string email = "capped@shop.test";
  ASSERT_EQ(
      auth.Call("POST", "/auth/register",
                nlohmann::json{{"email", email}, {"password", "capped password 1"}}.dump(), json)
          .status,
      201u);
  std::string first_body;
  for (const std::string& address :
       {email, email, email, email, std::string("stranger@shop.test")}) {
    const HttpResult r = auth.Call("POST", "/auth/password-reset/request",
                                   nlohmann::json{{"email", address}}.dump(), json);
    ASSERT_EQ(r.status, 202u) << r.body;
    if (first_body.empty()) {
      first_body = r.body;
    }
    EXPECT_EQ(r.body, first_body);
  }
  pqxx::connection connection(database);
  pqxx::work txn(connection);
  EXPECT_EQ(txn.exec1("SELECT count(*) FROM outbox "
                      "WHERE event_type = 'user.password_reset_requested'")[0]
                .as<int>(),
            2);
  EXPECT_EQ(txn.exec1("SELECT count(*) FROM password_reset_requests")[0].as<int>(), 5);
  EXPECT_EQ(
      txn.exec1("SELECT count(DISTINCT address_hash) FROM password_reset_requests")[0].as<int>(),
      2);
}

// A token's lifetime comes from the environment (SHOP_VERIFY_EMAIL_TOKEN_TTL,
// SHOP_PASSWORD_RESET_TOKEN_TTL): one second here. No relay runs, so the tokens are read from the
// events waiting in the outbox.
TEST(AccountEmailExpiryTest, ExpiredTokensAreRefused) {
  const std::string keys =
      RequiredEnv("SHOP_TEST_TMPDIR") + "/expiry-keys-" + std::to_string(FreePort());
  std::filesystem::create_directories(keys);
  std::ofstream(keys + "/k1.pem") << auth::SigningKey::Generate("k1").PrivatePem();
  const std::string database = CreateDatabase("account_expiry");
  const ServiceProcess auth(AUTH_SERVICE_BIN, database,
                            {{"SHOP_JWT_KEYS_DIR", keys},
                             {"SHOP_PASSWORD_MEMLIMIT", "19MiB"},
                             {"SHOP_AUTH_URL", "http://127.0.0.1:1"},
                             {"SHOP_VERIFY_EMAIL_TOKEN_TTL", "1s"},
                             {"SHOP_PASSWORD_RESET_TOKEN_TTL", "1s"}});
  const std::map<std::string, std::string> json = {{"Content-Type", "application/json"}};
  const std::string email = "expiry@shop.test";
  const std::string password = "expiry password 1";
  const HttpResult created =
      auth.Call("POST", "/auth/register",
                nlohmann::json{{"email", email}, {"password", password}}.dump(), json);
  ASSERT_EQ(created.status, 201u) << created.body;
  ASSERT_EQ(auth.Call("POST", "/auth/password-reset/request",
                      nlohmann::json{{"email", email}}.dump(), json)
                .status,
            202u);
  // The token and expiry of the outbox event of `type`.
  const auto issued = [&](const std::string& type) {
    pqxx::connection connection(database);
    pqxx::work txn(connection);
    const pqxx::row row = txn.exec_params1(
        "SELECT payload->>'token', payload->>'expires_at' FROM outbox WHERE event_type = $1", type);
    return std::pair(row[0].as<std::string>(),
                     text::ParseRfc3339(row[1].as<std::string>()).value());
  };
  const auto [verify_token, verify_expiry] = issued("user.verification_requested");
  const auto [reset_token, reset_expiry] = issued("user.password_reset_requested");
  // Waits on the clock, the condition itself: both have expired (by the database's clock too,
  // which is this machine's).
  ASSERT_TRUE(WaitFor(
      [&] {
        return std::chrono::system_clock::now() > std::max(verify_expiry, reset_expiry) + 100ms;
      },
      10s));

  const HttpResult verify =
      auth.Call("POST", "/auth/verify-email", nlohmann::json{{"token", verify_token}}.dump(), json);
  EXPECT_EQ(verify.status, 400u) << verify.body;
  const HttpResult reset = auth.Call(
      "POST", "/auth/password-reset/confirm",
      nlohmann::json{{"token", reset_token}, {"password", "another password 2"}}.dump(), json);
  EXPECT_EQ(reset.status, 400u) << reset.body;
  EXPECT_EQ(nlohmann::json::parse(verify.body).at("detail"),
            nlohmann::json::parse(reset.body).at("detail"))
      << "one explanation for every refused link";
  const HttpResult login = auth.Call(
      "POST", "/auth/login", nlohmann::json{{"email", email}, {"password", password}}.dump(), json);
  ASSERT_EQ(login.status, 200u) << "the expired reset changed nothing: " << login.body;
  const std::string access = nlohmann::json::parse(login.body).at("access_token");
  const HttpResult me = auth.Call("GET", "/auth/me", {}, {{"Authorization", "Bearer " + access}});
  EXPECT_EQ(nlohmann::json::parse(me.body).at("verified"), false);
}

}  // namespace
}  // namespace shop::testing
