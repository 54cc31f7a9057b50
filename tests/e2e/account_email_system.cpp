#include "account_email_system.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <pqxx/pqxx>
#include <sstream>

#include "platform/auth/signing_key.hpp"
#include "relay_process.hpp"

namespace shop::testing {
namespace {

using namespace std::chrono_literals;

std::string Url(std::uint16_t port) { return "http://127.0.0.1:" + std::to_string(port); }

constexpr const char* kNowhere = "http://127.0.0.1:1";
constexpr const char* kRelayName = "account-email";

}  // namespace

void AccountEmailTest::SetUpTestSuite() {
  try {
    const auth::SigningKey key = auth::SigningKey::Generate("2026-12-07-account");
    keys_dir_ = RequiredEnv("SHOP_TEST_TMPDIR") + "/account-keys-" + std::to_string(FreePort());
    std::filesystem::create_directories(keys_dir_);
    std::ofstream(keys_dir_ + "/2026-12-07-account.pem") << key.PrivatePem();
    auth_db_ = CreateDatabase("account_email_auth");
    auth_ = std::make_unique<ServiceProcess>(
        AUTH_SERVICE_BIN, auth_db_,
        std::map<std::string, std::string>{{"SHOP_JWT_KEYS_DIR", keys_dir_},
                                           {"SHOP_PASSWORD_MEMLIMIT", "19MiB"},
                                           // The timing test e-mails one address 25 times.
                                           {"SHOP_PASSWORD_RESET_MAILS_PER_HOUR", "1000"},
                                           {"SHOP_AUTH_URL", kNowhere}});
    relay_ =
        std::make_unique<ChildProcess>(StartOutboxRelay({auth_db_}, KafkaBootstrap(), kRelayName));
    gateway_ = StartGateway();
  } catch (const std::exception& e) {
    setup_error_ = e.what();  // reported as a failure by SetUp, not as a skip
  }
}

void AccountEmailTest::TearDownTestSuite() {
  gateway_.reset();
  relay_.reset();
  auth_.reset();
}

void AccountEmailTest::SetUp() {
  ASSERT_TRUE(setup_error_.empty()) << "the system did not start: " << setup_error_;
}

std::unique_ptr<ServiceProcess> AccountEmailTest::StartGateway(
    std::map<std::string, std::string> overrides) {
  std::map<std::string, std::string> env = {
      {"SHOP_AUTH_URL", Url(auth_->port())},  {"SHOP_CATEGORY_URL", kNowhere},
      {"SHOP_PRODUCT_URL", kNowhere},         {"SHOP_CART_URL", kNowhere},
      {"SHOP_ORDER_URL", kNowhere},           {"SHOP_PAYMENT_URL", kNowhere},
      {"SHOP_DELIVERY_URL", kNowhere},        {"SHOP_GATEWAY_RATE_AUTH", "1000000"},
      {"SHOP_GATEWAY_RATE_ADMIN", "1000000"}, {"SHOP_GATEWAY_RATE_OTHER", "1000000"},
      {"SHOP_GATEWAY_TIMEOUT", "10s"}};
  for (auto& [name, value] : overrides) {
    env[name] = std::move(value);
  }
  return std::make_unique<ServiceProcess>(GATEWAY_BIN, "", std::move(env));
}

HttpResult AccountEmailTest::Api(const std::string& method, const std::string& target,
                                 const nlohmann::json& body, const std::string& access_token) {
  std::map<std::string, std::string> headers = {{"Content-Type", "application/json"}};
  headers["Authorization"] = access_token.empty() ? "" : "Bearer " + access_token;
  return gateway_->Call(method, target, body.is_null() ? std::string() : body.dump(), headers);
}

AccountEmailTest::Account AccountEmailTest::Register(const std::string& label) {
  const std::string email = label + "-" + std::to_string(++counter_) + "@shop.test";
  const HttpResult created =
      Api("POST", "/auth/register", {{"email", email}, {"password", kPassword}});
  EXPECT_EQ(created.status, 201u) << created.body;
  return {.id = created.status == 201 ? Json(created).at("id").get<std::string>() : "",
          .email = email};
}

HttpResult AccountEmailTest::Login(const std::string& email, const std::string& password) {
  return Api("POST", "/auth/login", {{"email", email}, {"password", password}});
}

std::string AccountEmailTest::AccessToken(const std::string& email, const std::string& password) {
  const HttpResult login = Login(email, password);
  EXPECT_EQ(login.status, 200u) << login.body;
  return login.status == 200 ? Json(login).at("access_token").get<std::string>() : "";
}

std::vector<CapturedEvent> AccountEmailTest::AwaitEvents(const std::string& topic,
                                                         const std::string& user_id,
                                                         std::size_t count) {
  std::vector<CapturedEvent> found;
  const bool arrived = WaitFor(
      [&] {
        found.clear();
        for (CapturedEvent& event : CaptureEvents(KafkaBootstrap(), {topic})) {
          if (event.subject == user_id) {
            found.push_back(std::move(event));
          }
        }
        return found.size() >= count;
      },
      60s);
  EXPECT_TRUE(arrived) << count << " " << topic << " of " << user_id << " expected, "
                       << found.size() << " arrived";
  return found;
}

std::string AccountEmailTest::TokenOf(const CapturedEvent& event) {
  return nlohmann::json::parse(event.data).at("token").get<std::string>();
}

std::vector<std::string> AccountEmailTest::LogLinesWith(const std::string& secret) {
  std::vector<std::string> logs = {auth_->log_file(), gateway_->log_file()};
  const std::string relay_prefix =
      "relay-" + std::string(kRelayName) + "-" + std::to_string(::getpid()) + "-";
  for (const auto& entry : std::filesystem::directory_iterator(RequiredEnv("SHOP_TEST_TMPDIR"))) {
    if (entry.path().filename().string().starts_with(relay_prefix)) {
      logs.push_back(entry.path().string());
    }
  }
  EXPECT_EQ(logs.size(), 3u) << "the auth-service, gateway and relay logs";
  std::vector<std::string> hits;
  for (const std::string& log : logs) {
    std::istringstream lines(ReadTextFile(log));
    for (std::string line; std::getline(lines, line);) {
      if (line.find(secret) != std::string::npos) {
        hits.push_back(log + ": " + line);
      }
    }
  }
  return hits;
}

long long AccountEmailTest::AuthScalar(const std::string& sql, const std::string& param) {
  pqxx::connection connection(auth_db_);
  pqxx::work txn(connection);
  return txn.exec_params1(sql, param)[0].as<long long>();
}

}  // namespace shop::testing
