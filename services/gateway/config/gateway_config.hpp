#pragma once
// The gateway's settings from its environment (README.md lists them with defaults). SHOP_HTTP_*
// and SHOP_LOG_LEVEL are read by the platform (service/service_config.hpp), SHOP_AUTH_URL and
// SHOP_JWT_* by auth::Authenticator::FromEnv as well.
//
// Per upstream <NAME> (AUTH, CATEGORY, PRODUCT, CART, ORDER, PAYMENT, DELIVERY):
//   SHOP_<NAME>_URL                      http://127.0.0.1:808x (auth 8081 ... delivery 8089);
//                                        a comma-separated list for several instances, balanced
//                                        round-robin (decision 0040), at most 16
//   SHOP_GATEWAY_<NAME>_TIMEOUT          else SHOP_GATEWAY_TIMEOUT (5s): per attempt
//   SHOP_GATEWAY_<NAME>_BREAKER_FAILURES else SHOP_GATEWAY_BREAKER_FAILURES (5)
//   SHOP_GATEWAY_<NAME>_BREAKER_OPEN     else SHOP_GATEWAY_BREAKER_OPEN (10s)
// For all upstreams: SHOP_GATEWAY_ATTEMPTS (2), SHOP_GATEWAY_RETRY_BUDGET_PERCENT (20),
// SHOP_GATEWAY_POOL_MAX_IDLE (32), SHOP_GATEWAY_POOL_IDLE_TIMEOUT (30s),
// SHOP_GATEWAY_RESPONSE_LIMIT (8MiB). Health checks of upstreams with several instances
// (decision 0040): SHOP_GATEWAY_HEALTH_INTERVAL (1s; 0 off, else at least 100ms) between GET
// /ready probes of each instance, SHOP_GATEWAY_HEALTH_FAILURES (2) failed probes in a row mark an
// instance down, one success marks it up.
// Rate limits, requests per SHOP_GATEWAY_RATE_WINDOW (1m) per client IP and per user:
//   SHOP_GATEWAY_RATE_AUTH (20), SHOP_GATEWAY_RATE_ADMIN (50), SHOP_GATEWAY_RATE_OTHER (100);
//   SHOP_GATEWAY_RATE_MAX_KEYS (100000) buckets at most.
// Shared limits (decision 0038): SHOP_GATEWAY_REDIS_URL (empty: each gateway limits on its own),
//   redis://[[user:]password@]host[:port][/db]; SHOP_GATEWAY_REDIS_TIMEOUT (100ms) per command;
//   SHOP_GATEWAY_REDIS_PROBE_INTERVAL (1s) between probes while fallen back to the local limiter.
// Proxied WebSockets (routing/route_table.hpp): SHOP_GATEWAY_WEBSOCKET_IDLE_TIMEOUT (60s), closed
// after that long without a byte from the peer (pinged after half of it); the upstream's connect
// and handshake are bounded by its TIMEOUT.
// SHOP_GATEWAY_CORS_ORIGINS (empty: CORS off) and SHOP_GATEWAY_TRUSTED_PROXIES (empty: the socket
// peer is the client), comma-separated.

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include "gateway/limits/rate_limiter.hpp"
#include "gateway/routing/route_table.hpp"
#include "platform/config/env_config.hpp"
#include "platform/http/upstream.hpp"

namespace shop::gateway {

struct RateLimits {
  RateLimit auth{.limit = 20};
  RateLimit admin{.limit = 50};
  RateLimit other{.limit = 100};
  std::size_t max_keys = 100000;

  const RateLimit& For(RouteClass route_class) const;
};

struct SharedLimits {
  std::string redis_url{};  // empty: local limits only
  std::chrono::milliseconds timeout{100};
  std::chrono::milliseconds probe_interval{1000};
};

struct GatewayConfig {
  std::vector<http::UpstreamOptions> upstreams{};  // one per upstream named in the route table
  RateLimits limits{};
  SharedLimits shared_limits{};
  std::vector<std::string> cors_origins{};
  std::vector<std::string> trusted_proxies{};
  std::chrono::milliseconds websocket_idle_timeout{60000};
};

// Throws config::ConfigError naming the first bad variable.
GatewayConfig LoadGatewayConfig(const config::EnvConfig& env, const RouteTable& table);

}  // namespace shop::gateway
