#include "gateway/config/gateway_config.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <stdexcept>

#include "gateway/limits/redis_store.hpp"
#include "platform/text/ascii.hpp"

namespace shop::gateway {
namespace {

using std::chrono::milliseconds;

const std::map<std::string, std::uint16_t> kDefaultPorts{
    {"auth", 8081},  {"category", 8082}, {"product", 8083}, {"cart", 8084},
    {"order", 8085}, {"payment", 8087},  {"delivery", 8089}};

std::vector<std::string> CommaList(const config::EnvConfig& env, const std::string& name) {
  const std::string value = env.String(name, "");
  const std::vector<std::string_view> items = text::CommaSeparated(value);
  return {items.begin(), items.end()};
}

http::UpstreamOptions LoadUpstream(const config::EnvConfig& env, const std::string& name) {
  const std::string upper = text::ToUpperAscii(name);
  const auto port = kDefaultPorts.find(name);
  const std::string url_variable = "SHOP_" + upper + "_URL";
  const std::string url =
      env.String(url_variable, "http://127.0.0.1:" +
                                   std::to_string(port == kDefaultPorts.end() ? 80 : port->second));
  http::UpstreamOptions options;
  options.name = name;
  try {
    options.endpoints = http::ParseHttpUrlList(url);
  } catch (const std::invalid_argument& error) {
    throw config::ConfigError(url_variable + "=\"" + url + "\": " + error.what());
  }
  const std::string own = "SHOP_GATEWAY_" + upper + "_";
  options.timeout =
      env.Duration(own + "TIMEOUT", env.Duration("SHOP_GATEWAY_TIMEOUT", milliseconds(5000)));
  options.max_attempts = static_cast<int>(env.Int("SHOP_GATEWAY_ATTEMPTS", 2, 1, 5));
  options.breaker.failure_threshold = static_cast<int>(env.Int(
      own + "BREAKER_FAILURES", env.Int("SHOP_GATEWAY_BREAKER_FAILURES", 5, 1, 1000), 1, 1000));
  options.breaker.open_for = env.Duration(
      own + "BREAKER_OPEN", env.Duration("SHOP_GATEWAY_BREAKER_OPEN", milliseconds(10000)));
  options.retry_budget.ratio =
      static_cast<double>(env.Int("SHOP_GATEWAY_RETRY_BUDGET_PERCENT", 20, 0, 100)) / 100.0;
  options.max_idle = static_cast<std::size_t>(env.Int("SHOP_GATEWAY_POOL_MAX_IDLE", 32, 0, 1024));
  options.idle_timeout = env.Duration("SHOP_GATEWAY_POOL_IDLE_TIMEOUT", milliseconds(30000));
  options.max_response_body = env.Bytes("SHOP_GATEWAY_RESPONSE_LIMIT", 8 * 1024 * 1024);
  if (options.timeout.count() < 1) {
    throw config::ConfigError(own + "TIMEOUT / SHOP_GATEWAY_TIMEOUT must be at least 1ms");
  }
  options.health.interval = env.Duration("SHOP_GATEWAY_HEALTH_INTERVAL", milliseconds(1000));
  if (options.health.interval.count() != 0 && options.health.interval < milliseconds(100)) {
    throw config::ConfigError("SHOP_GATEWAY_HEALTH_INTERVAL must be 0 (off) or at least 100ms");
  }
  options.health.failures = static_cast<int>(env.Int("SHOP_GATEWAY_HEALTH_FAILURES", 2, 1, 100));
  return options;
}

RateLimit LoadLimit(const config::EnvConfig& env, const std::string& name, int fallback,
                    milliseconds window) {
  return RateLimit{.limit = static_cast<int>(env.Int(name, fallback, 1, 1'000'000'000)),
                   .window = window};
}

}  // namespace

const RateLimit& RateLimits::For(RouteClass route_class) const {
  switch (route_class) {
    case RouteClass::kAuth:
      return auth;
    case RouteClass::kAdmin:
      return admin;
    case RouteClass::kOther:
      break;
  }
  return other;
}

GatewayConfig LoadGatewayConfig(const config::EnvConfig& env, const RouteTable& table) {
  GatewayConfig cfg;
  for (const RouteRule& rule : table.rules()) {
    const bool known =
        std::any_of(cfg.upstreams.begin(), cfg.upstreams.end(),
                    [&](const http::UpstreamOptions& u) { return u.name == rule.upstream; });
    if (!known) {
      cfg.upstreams.push_back(LoadUpstream(env, rule.upstream));
    }
  }
  const milliseconds window = env.Duration("SHOP_GATEWAY_RATE_WINDOW", milliseconds(60000));
  if (window.count() < 1) {
    throw config::ConfigError("SHOP_GATEWAY_RATE_WINDOW must be at least 1ms");
  }
  cfg.limits.auth = LoadLimit(env, "SHOP_GATEWAY_RATE_AUTH", 20, window);
  cfg.limits.admin = LoadLimit(env, "SHOP_GATEWAY_RATE_ADMIN", 50, window);
  cfg.limits.other = LoadLimit(env, "SHOP_GATEWAY_RATE_OTHER", 100, window);
  cfg.limits.max_keys =
      static_cast<std::size_t>(env.Int("SHOP_GATEWAY_RATE_MAX_KEYS", 100000, 1, 100'000'000));
  cfg.shared_limits.redis_url = env.String("SHOP_GATEWAY_REDIS_URL", "");
  if (!cfg.shared_limits.redis_url.empty()) {
    try {
      ParseRedisUrl(cfg.shared_limits.redis_url);
    } catch (const std::invalid_argument& e) {
      throw config::ConfigError(std::string("SHOP_GATEWAY_REDIS_URL: ") + e.what());
    }
  }
  cfg.shared_limits.timeout = env.Duration("SHOP_GATEWAY_REDIS_TIMEOUT", milliseconds(100));
  if (cfg.shared_limits.timeout < milliseconds(1)) {
    throw config::ConfigError("SHOP_GATEWAY_REDIS_TIMEOUT must be at least 1ms");
  }
  cfg.shared_limits.probe_interval =
      env.Duration("SHOP_GATEWAY_REDIS_PROBE_INTERVAL", milliseconds(1000));
  if (cfg.shared_limits.probe_interval < milliseconds(10)) {
    throw config::ConfigError("SHOP_GATEWAY_REDIS_PROBE_INTERVAL must be at least 10ms");
  }
  cfg.cors_origins = CommaList(env, "SHOP_GATEWAY_CORS_ORIGINS");
  cfg.trusted_proxies = CommaList(env, "SHOP_GATEWAY_TRUSTED_PROXIES");
  cfg.websocket_idle_timeout =
      env.Duration("SHOP_GATEWAY_WEBSOCKET_IDLE_TIMEOUT", milliseconds(60000));
  if (cfg.websocket_idle_timeout < milliseconds(1000)) {
    throw config::ConfigError("SHOP_GATEWAY_WEBSOCKET_IDLE_TIMEOUT must be at least 1s");
  }
  for (const std::string& proxy : cfg.trusted_proxies) {
    const bool address_like = std::all_of(proxy.begin(), proxy.end(), [](unsigned char c) {
      return std::isxdigit(c) != 0 || c == '.' || c == ':';
    });
    if (!address_like) {
      throw config::ConfigError("SHOP_GATEWAY_TRUSTED_PROXIES: \"" + proxy +
                                "\" is not an IP address (names and ranges are not supported)");
    }
  }
  return cfg;
}

}  // namespace shop::gateway
