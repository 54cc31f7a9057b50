#pragma once
// The gateway's own routes and the proxy behind every prefix of the route table.
//
// A request under a known prefix goes through, in this order:
//   1. methods other than GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS -> 405;
//   2. a CORS preflight is answered here (proxy/cors.hpp);
//   3. the client IP's bucket of the route's class -> 429 when empty;
//   4. on a protected route, the access token (auth::Authenticator, keys from auth-service's
//      JWKS) -> 401 (503 while the keys were never obtained); then the user's bucket -> 429;
//   5. the upstream (platform/http/upstream.hpp), headers filtered both ways
//   (proxy/header_filter.hpp):
//      its answer, or 503 (circuit open, unreachable), 504 (timeout), 502 (broken exchange).
// A WebSocket upgrade to a WebSocket route of the table goes through steps 3 and 4 the same way
// (the token from the "bearer.<token>" subprotocol, else Authorization: same verification, same
// 401 problem before the upgrade), then is relayed to the upstream (proxy/websocket_relay.hpp).
// Every answer carries RateLimit-Limit/-Remaining/-Reset and RateLimit-Policy of the tighter
// bucket once step 3 has run, and the CORS headers for an allowed Origin. Unknown prefixes get the
// router's 404 problem.
//
// GET /ready: 200 {"status":"ready"} while every breaker is closed, 200 "degraded" when some are
// open or half-open (the gateway still serves the other routes, so a load balancer should keep
// it), 503 "unavailable" when every breaker is open; each upstream's state and URL, and whether
// the JWT keys are held.
//
// Rate limits come from limits/shared_limiter.hpp: Redis's sliding window shared by every gateway
// when SHOP_GATEWAY_REDIS_URL is set and Redis answers, else this gateway's own token buckets.
//
// Metrics: gateway_rate_limited_total{class}, gateway_rate_limit_keys (local buckets),
// gateway_rate_limiter_backend{backend="redis"|"local"} (1 for the one in use),
// gateway_rate_limiter_fallbacks_total, and the upstreams' own.

#include <memory>
#include <vector>

#include "gateway/config/gateway_config.hpp"
#include "gateway/limits/shared_limiter.hpp"
#include "gateway/proxy/cors.hpp"
#include "gateway/proxy/header_filter.hpp"
#include "gateway/routing/route_table.hpp"
#include "platform/auth/bearer_auth.hpp"
#include "platform/http/router.hpp"
#include "platform/http/upgrade.hpp"
#include "platform/http/upstream.hpp"
#include "platform/metrics/registry.hpp"

namespace shop::gateway {

class Gateway {
 public:
  // `authenticator` must outlive the gateway. `metrics` holds callbacks into the gateway: the
  // gateway must outlive the registry's use.
  Gateway(GatewayConfig config, RouteTable table, auth::Authenticator& authenticator,
          metrics::Registry& metrics);
  Gateway(const Gateway&) = delete;
  Gateway& operator=(const Gateway&) = delete;

  // GET /ready and one prefix route per rule of the table.
  void AddRoutes(http::Router& router);

  // Fetches the JWT keys now, so the first protected request does not wait for them; logs when
  // auth-service is not reachable yet (the keys are then fetched on first use).
  void WarmUp();

  http::Response Proxy(http::Request& request);
  http::UpgradeAnswer ProxyWebSocket(http::Request& request);
  http::Response Ready() const;

 private:
  // Steps 1-5 above, without the CORS decoration.
  http::Response Route(http::Request& request);
  // Steps 3 and 4: the refusal, or nullopt to go on. `verdict` is the tighter bucket's;
  // `upgrade`: the token may come as a subprotocol.
  std::optional<http::Response> Admit(http::Request& request, const RouteDecision& decision,
                                      const ClientAddress& client, RateVerdict& verdict,
                                      bool upgrade);
  http::Response Forward(http::Request& request, const RouteDecision& decision,
                         const ClientAddress& client);
  http::Response TooManyRequests(const RateVerdict& verdict, RouteClass route_class);

  const GatewayConfig config_;
  const RouteTable table_;
  auth::Authenticator& authenticator_;
  const CorsPolicy cors_;
  SharedRateLimiter limiter_;
  std::vector<std::unique_ptr<http::Upstream>> upstreams_;
  std::vector<http::Upstream*> upstream_of_rule_;  // indexed like table_.rules()
  std::vector<metrics::Counter*> rate_limited_;    // indexed by RouteClass
  metrics::Registry& metrics_;
};

}  // namespace shop::gateway
