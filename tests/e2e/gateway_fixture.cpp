#include "gateway_fixture.hpp"

#include <cctype>
#include <filesystem>
#include <fstream>

#include "platform/auth/token_test_support.hpp"
#include "platform/logging/log.hpp"

namespace shop::testing {
namespace {

std::string Url(std::uint16_t port) { return "http://127.0.0.1:" + std::to_string(port); }

std::string Lower(std::string text) {
  for (char& c : text) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return text;
}

}  // namespace

EchoUpstream::EchoUpstream() {
  router_.AddPrefix("/", [this](http::Request& request) {
    ++requests_;
    nlohmann::json headers = nlohmann::json::object();
    for (const auto& [name, value] : request.headers.All()) {
      headers[Lower(name)] = value;
    }
    return http::JsonResponse(200, nlohmann::json{{"method", http::MethodName(request.method)},
                                                  {"target", request.target},
                                                  {"headers", headers},
                                                  {"body", request.body}}
                                       .dump());
  });
  http::ServerOptions options;
  options.address = "127.0.0.1";
  options.workers = 4;
  server_ = std::make_unique<http::HttpServer>(options, router_, metrics_);
  port_ = server_->Start();
}

EchoUpstream::~EchoUpstream() { server_.reset(); }

void GatewayTest::SetUpTestSuite() {
  try {
    logging::Init("gateway-test", "warn");
    key_ = std::make_unique<auth::SigningKey>(auth::SigningKey::Generate(kKid));
    keys_dir_ = RequiredEnv("SHOP_TEST_TMPDIR") + "/gateway-keys-" + std::to_string(FreePort());
    std::filesystem::create_directories(keys_dir_);
    std::ofstream(keys_dir_ + "/" + kKid + ".pem") << key_->PrivatePem();
    auth_ = std::make_unique<ServiceProcess>(
        AUTH_SERVICE_BIN, CreateDatabase("gw_auth"),
        std::map<std::string, std::string>{{"SHOP_JWT_KEYS_DIR", keys_dir_},
                                           {"SHOP_PASSWORD_MEMLIMIT", "19MiB"},
                                           {"SHOP_ADMIN_EMAIL", kAdminEmail},
                                           {"SHOP_ADMIN_PASSWORD", kAdminPassword}});
    // The services trust auth-service's keys, as the gateway does: one token passes both.
    category_ = std::make_unique<ServiceProcess>(
        CATEGORY_SERVICE_BIN, CreateDatabase("gw_cat"),
        std::map<std::string, std::string>{{"SHOP_AUTH_URL", Url(auth_->port())}});
    product_database_ = CreateDatabase("gw_product");
    product_port_ = FreePort();
    StartProduct();
    echo_ = std::make_unique<EchoUpstream>();
    gateway_ = StartGateway();
  } catch (const std::exception& e) {
    setup_error_ = e.what();  // reported as a failure by SetUp, not as a skip
  }
}

void GatewayTest::TearDownTestSuite() {
  gateway_.reset();
  echo_.reset();
  product_.reset();
  category_.reset();
  auth_.reset();
}

void GatewayTest::SetUp() {
  ASSERT_NE(gateway_, nullptr) << "the system did not start: " << setup_error_;
}

void GatewayTest::StartProduct() {
  product_.reset();
  product_ = std::make_unique<ServiceProcess>(
      PRODUCT_SERVICE_BIN, product_database_,
      std::map<std::string, std::string>{{"SHOP_CATEGORY_URL", Url(category_->port())},
                                         {"SHOP_AUTH_URL", Url(auth_->port())}},
      product_port_);
}

std::unique_ptr<ServiceProcess> GatewayTest::StartGateway(
    std::map<std::string, std::string> overrides) {
  std::map<std::string, std::string> env = {
      {"SHOP_AUTH_URL", Url(auth_->port())},
      {"SHOP_CATEGORY_URL", Url(category_->port())},
      {"SHOP_PRODUCT_URL", Url(product_port_)},
      {"SHOP_CART_URL", Url(echo_->port())},
      {"SHOP_ORDER_URL", "http://127.0.0.1:1"},
      {"SHOP_PAYMENT_URL", "http://127.0.0.1:1"},
      {"SHOP_DELIVERY_URL", "http://127.0.0.1:1"},
      {"SHOP_GATEWAY_RATE_AUTH", "1000000"},
      {"SHOP_GATEWAY_RATE_ADMIN", "1000000"},
      {"SHOP_GATEWAY_RATE_OTHER", "1000000"},
      {"SHOP_GATEWAY_BREAKER_FAILURES", "3"},
      {"SHOP_GATEWAY_BREAKER_OPEN", "3s"},
      {"SHOP_GATEWAY_TIMEOUT", "5s"},
      {"SHOP_HTTP_BODY_LIMIT", "64KiB"},
      {"SHOP_GATEWAY_CORS_ORIGINS", kOrigin},
  };
  for (auto& [name, value] : overrides) {
    env[name] = std::move(value);
  }
  return std::make_unique<ServiceProcess>(GATEWAY_BIN, "", std::move(env));
}

HttpResult GatewayTest::Call(const std::string& method, const std::string& target,
                             const std::string& body,
                             const std::map<std::string, std::string>& headers) {
  std::map<std::string, std::string> all = headers;
  if (!body.empty() && !all.contains("Content-Type")) {
    all["Content-Type"] = "application/json";
  }
  return gateway_->Call(method, target, body, all);
}

HttpResult GatewayTest::CallWithToken(const std::string& method, const std::string& target,
                                      const std::string& token, const std::string& body) {
  return Call(method, target, body, {{"Authorization", "Bearer " + token}});
}

std::string GatewayTest::Metrics(const ServiceProcess& gateway) {
  const HttpResult result = gateway.Call("GET", "/metrics");
  EXPECT_EQ(result.status, 200u);
  return result.body;
}

std::string GatewayTest::ForgedToken(const nlohmann::json& changes) {
  nlohmann::json payload = auth::testing::ValidPayload(std::chrono::system_clock::now());
  payload.merge_patch(changes);
  return auth::testing::SignedToken(*key_, auth::testing::Es256Header(kKid), payload);
}

}  // namespace shop::testing
