#include "gateway/config/gateway_config.hpp"

#include <gtest/gtest.h>

#include <map>

namespace shop::gateway {
namespace {

using namespace std::chrono_literals;

config::EnvConfig Env(std::map<std::string, std::string> values) {
  return config::EnvConfig([values](const std::string& name) -> std::optional<std::string> {
    const auto it = values.find(name);
    return it == values.end() ? std::nullopt : std::optional<std::string>(it->second);
  });
}

const http::UpstreamOptions& Named(const GatewayConfig& cfg, const std::string& name) {
  for (const http::UpstreamOptions& upstream : cfg.upstreams) {
    if (upstream.name == name) {
      return upstream;
    }
  }
  throw std::out_of_range(name);
}

// "host:port host:port ...": the instances of an upstream.
std::string Addresses(const http::UpstreamOptions& upstream) {
  std::string text;
  for (const http::Endpoint& endpoint : upstream.endpoints) {
    text += (text.empty() ? "" : " ") + endpoint.ToString();
  }
  return text;
}

TEST(GatewayConfig, DefaultsMatchTheIssue) {
  const GatewayConfig cfg = LoadGatewayConfig(Env({}), RouteTable::Default());
  ASSERT_EQ(cfg.upstreams.size(), 7u);
  EXPECT_EQ(Addresses(Named(cfg, "auth")), "127.0.0.1:8081");
  EXPECT_EQ(Addresses(Named(cfg, "order")), "127.0.0.1:8085");
  EXPECT_EQ(Addresses(Named(cfg, "payment")), "127.0.0.1:8087");
  EXPECT_EQ(Addresses(Named(cfg, "delivery")), "127.0.0.1:8089");
  EXPECT_EQ(Named(cfg, "product").timeout, 5s);
  EXPECT_EQ(Named(cfg, "product").max_attempts, 2);
  EXPECT_EQ(Named(cfg, "product").breaker.failure_threshold, 5);
  EXPECT_EQ(Named(cfg, "product").breaker.open_for, 10s);
  EXPECT_DOUBLE_EQ(Named(cfg, "product").retry_budget.ratio, 0.2);
  EXPECT_EQ(Named(cfg, "product").health.interval, 1s);
  EXPECT_EQ(Named(cfg, "product").health.failures, 2);
  EXPECT_EQ(Named(cfg, "product").health.path, "/ready");
  EXPECT_EQ(cfg.limits.For(RouteClass::kAuth).limit, 20);
  EXPECT_EQ(cfg.limits.For(RouteClass::kAdmin).limit, 50);
  EXPECT_EQ(cfg.limits.For(RouteClass::kOther).limit, 100);
  EXPECT_EQ(cfg.limits.For(RouteClass::kOther).window, 60s);
  EXPECT_TRUE(cfg.cors_origins.empty());
  EXPECT_TRUE(cfg.trusted_proxies.empty());
  EXPECT_EQ(cfg.websocket_idle_timeout, 60s);
}

TEST(GatewayConfig, PerUpstreamSettingsOverrideTheCommonOnes) {
  const GatewayConfig cfg = LoadGatewayConfig(
      Env({{"SHOP_PRODUCT_URL", "http://10.0.0.5:9000"},
           {"SHOP_GATEWAY_TIMEOUT", "2s"},
           {"SHOP_GATEWAY_AUTH_TIMEOUT", "8s"},
           {"SHOP_GATEWAY_BREAKER_OPEN", "3s"},
           {"SHOP_GATEWAY_PRODUCT_BREAKER_FAILURES", "2"},
           {"SHOP_GATEWAY_RATE_AUTH", "5"},
           {"SHOP_GATEWAY_RATE_WINDOW", "2s"},
           {"SHOP_GATEWAY_CORS_ORIGINS", "https://shop.example, http://localhost:3000"},
           {"SHOP_GATEWAY_TRUSTED_PROXIES", "10.0.0.1,::1"},
           {"SHOP_GATEWAY_WEBSOCKET_IDLE_TIMEOUT", "20s"}}),
      RouteTable::Default());
  EXPECT_EQ(Addresses(Named(cfg, "product")), "10.0.0.5:9000");
  EXPECT_EQ(Named(cfg, "product").timeout, 2s);
  EXPECT_EQ(Named(cfg, "auth").timeout, 8s);
  EXPECT_EQ(Named(cfg, "product").breaker.failure_threshold, 2);
  EXPECT_EQ(Named(cfg, "auth").breaker.failure_threshold, 5);
  EXPECT_EQ(Named(cfg, "cart").breaker.open_for, 3s);
  EXPECT_EQ(cfg.limits.auth.limit, 5);
  EXPECT_EQ(cfg.limits.auth.window, 2s);
  EXPECT_EQ(cfg.limits.other.window, 2s);
  EXPECT_EQ(cfg.cors_origins,
            (std::vector<std::string>{"https://shop.example", "http://localhost:3000"}));
  EXPECT_EQ(cfg.trusted_proxies, (std::vector<std::string>{"10.0.0.1", "::1"}));
  EXPECT_EQ(cfg.websocket_idle_timeout, 20s);
}

TEST(GatewayConfig, BadValuesNameTheirVariable) {
  const auto error_of = [](std::map<std::string, std::string> values) -> std::string {
    try {
      LoadGatewayConfig(Env(std::move(values)), RouteTable::Default());
    } catch (const config::ConfigError& error) {
      return error.what();
    }
    return "no error";
  };
  EXPECT_NE(error_of({{"SHOP_CART_URL", "https://x"}}).find("SHOP_CART_URL"), std::string::npos);
  EXPECT_NE(error_of({{"SHOP_GATEWAY_RATE_AUTH", "0"}}).find("SHOP_GATEWAY_RATE_AUTH"),
            std::string::npos);
  EXPECT_NE(error_of({{"SHOP_GATEWAY_TIMEOUT", "soon"}}).find("SHOP_GATEWAY_TIMEOUT"),
            std::string::npos);
  EXPECT_NE(error_of({{"SHOP_GATEWAY_TRUSTED_PROXIES", "proxy.local"}})
                .find("SHOP_GATEWAY_TRUSTED_PROXIES"),
            std::string::npos);
  EXPECT_NE(error_of({{"SHOP_GATEWAY_WEBSOCKET_IDLE_TIMEOUT", "10ms"}})
                .find("SHOP_GATEWAY_WEBSOCKET_IDLE_TIMEOUT"),
            std::string::npos);
  EXPECT_NE(
      error_of({{"SHOP_GATEWAY_REDIS_URL", "http://redis:6379"}}).find("SHOP_GATEWAY_REDIS_URL"),
      std::string::npos);
  EXPECT_NE(error_of({{"SHOP_GATEWAY_REDIS_TIMEOUT", "0ms"}}).find("SHOP_GATEWAY_REDIS_TIMEOUT"),
            std::string::npos);
}

TEST(GatewayConfig, AnUpstreamUrlMayListSeveralInstances) {
  const GatewayConfig cfg =
      LoadGatewayConfig(Env({{"SHOP_PRODUCT_URL", "http://127.0.0.1:8083,http://127.0.0.1:8183"},
                             {"SHOP_CART_URL", " http://10.0.0.7:8084/ , http://cart-2:8084,"},
                             {"SHOP_GATEWAY_HEALTH_INTERVAL", "250ms"},
                             {"SHOP_GATEWAY_HEALTH_FAILURES", "3"}}),
                        RouteTable::Default());
  EXPECT_EQ(Addresses(Named(cfg, "product")), "127.0.0.1:8083 127.0.0.1:8183");
  EXPECT_EQ(Addresses(Named(cfg, "cart")), "10.0.0.7:8084 cart-2:8084")
      << "spaces around items and empty items are ignored, a trailing / allowed";
  EXPECT_EQ(Addresses(Named(cfg, "auth")), "127.0.0.1:8081") << "others keep their default";
  EXPECT_EQ(Named(cfg, "cart").health.interval, 250ms);
  EXPECT_EQ(Named(cfg, "auth").health.failures, 3);
  const GatewayConfig off =
      LoadGatewayConfig(Env({{"SHOP_GATEWAY_HEALTH_INTERVAL", "0"}}), RouteTable::Default());
  EXPECT_EQ(Named(off, "product").health.interval, 0ms);
  const GatewayConfig empty =
      LoadGatewayConfig(Env({{"SHOP_ORDER_URL", ""}}), RouteTable::Default());
  EXPECT_EQ(Addresses(Named(empty, "order")), "127.0.0.1:8085") << "empty is unset: the default";
}

TEST(GatewayConfig, BadInstanceListsNameTheirVariable) {
  const auto error_of = [](std::map<std::string, std::string> values) -> std::string {
    try {
      LoadGatewayConfig(Env(std::move(values)), RouteTable::Default());
    } catch (const config::ConfigError& error) {
      return error.what();
    }
    return "no error";
  };
  const std::vector<std::pair<std::string, std::string>> bad{
      {"SHOP_PRODUCT_URL", "http://127.0.0.1:8083,https://127.0.0.1:8183"},   // a scheme
      {"SHOP_PRODUCT_URL", "http://127.0.0.1:8083,127.0.0.1:8183"},           // no scheme
      {"SHOP_PRODUCT_URL", "http://127.0.0.1:8083,http://127.0.0.1:0"},       // a port
      {"SHOP_PRODUCT_URL", "http://127.0.0.1:8083,http://h:1/api"},           // a path
      {"SHOP_PRODUCT_URL", "http://127.0.0.1:8083 http://127.0.0.1:8183"},    // not comma-separated
      {"SHOP_CATEGORY_URL", "http://127.0.0.1:8082,http://127.0.0.1:8082/"},  // twice
      {"SHOP_ORDER_URL", " , "},                                              // none
  };
  for (const auto& [name, value] : bad) {
    const std::string error = error_of({{name, value}});
    EXPECT_NE(error.find(name), std::string::npos) << name << "=" << value << ": " << error;
  }
  std::string seventeen;
  for (int i = 0; i < 17; ++i) {
    seventeen += "http://127.0.0.1:" + std::to_string(9000 + i) + ",";
  }
  EXPECT_NE(error_of({{"SHOP_CART_URL", seventeen}}).find("SHOP_CART_URL"), std::string::npos);
  EXPECT_NE(
      error_of({{"SHOP_GATEWAY_HEALTH_INTERVAL", "10ms"}}).find("SHOP_GATEWAY_HEALTH_INTERVAL"),
      std::string::npos);
  EXPECT_NE(error_of({{"SHOP_GATEWAY_HEALTH_FAILURES", "0"}}).find("SHOP_GATEWAY_HEALTH_FAILURES"),
            std::string::npos);
}

TEST(GatewayConfigTest, SharedLimitsAreOffUnlessARedisUrlIsGiven) {
  const GatewayConfig defaults = LoadGatewayConfig(Env({}), RouteTable::Default());
  EXPECT_TRUE(defaults.shared_limits.redis_url.empty());
  EXPECT_EQ(defaults.shared_limits.timeout, std::chrono::milliseconds(100));
  EXPECT_EQ(defaults.shared_limits.probe_interval, std::chrono::milliseconds(1000));
  const GatewayConfig shared =
      LoadGatewayConfig(Env({{"SHOP_GATEWAY_REDIS_URL", "redis://redis:6379"},
                             {"SHOP_GATEWAY_REDIS_TIMEOUT", "50ms"},
                             {"SHOP_GATEWAY_REDIS_PROBE_INTERVAL", "250ms"}}),
                        RouteTable::Default());
  EXPECT_EQ(shared.shared_limits.redis_url, "redis://redis:6379");
  EXPECT_EQ(shared.shared_limits.timeout, std::chrono::milliseconds(50));
  EXPECT_EQ(shared.shared_limits.probe_interval, std::chrono::milliseconds(250));
}

}  // namespace
}  // namespace shop::gateway
