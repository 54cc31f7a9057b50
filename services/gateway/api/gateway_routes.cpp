#include "gateway/api/gateway_routes.hpp"

#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>

#include "gateway/limits/redis_store.hpp"
#include "gateway/proxy/header_filter.hpp"
#include "gateway/proxy/upstream_problem.hpp"
#include "gateway/proxy/websocket_relay.hpp"
#include "platform/http/problem.hpp"
#include "platform/http/websocket_protocols.hpp"
#include "platform/logging/log.hpp"

namespace shop::gateway {
namespace {

constexpr std::array<RouteClass, 3> kClasses{RouteClass::kAuth, RouteClass::kAdmin,
                                             RouteClass::kOther};

void SetRateLimitHeaders(http::Response& response, const RateVerdict& verdict,
                         const RateLimit& limit) {
  response.headers.Set("RateLimit-Limit", std::to_string(verdict.limit));
  response.headers.Set("RateLimit-Remaining", std::to_string(verdict.remaining));
  response.headers.Set("RateLimit-Reset", std::to_string(verdict.reset.count()));
  response.headers.Set("RateLimit-Policy", std::to_string(limit.limit) +
                                               ";w=" + std::to_string(CeilSeconds(limit.window)));
}

http::Response MethodNotAllowed(const http::Request& request) {
  http::Response response = http::ToResponse(
      {.status = 405,
       .type = "urn:shop:problem:method-not-allowed",
       .title = "Method not allowed",
       .detail = "the gateway forwards GET, HEAD, POST, PUT, PATCH, DELETE and OPTIONS only"},
      request.path);
  response.headers.Set("Allow", "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
  return response;
}

}  // namespace

Gateway::Gateway(GatewayConfig config, RouteTable table, auth::Authenticator& authenticator,
                 metrics::Registry& metrics)
    : config_(std::move(config)),
      table_(std::move(table)),
      authenticator_(authenticator),
      cors_(config_.cors_origins),
      limiter_({.max_keys = config_.limits.max_keys,
                .probe_interval = config_.shared_limits.probe_interval,
                .fallbacks = &metrics.GetCounter(
                    "gateway_rate_limiter_fallbacks_total",
                    "Switches from the shared (Redis) rate limiter to the gateway's local one")},
               config_.shared_limits.redis_url.empty()
                   ? nullptr
                   : std::make_unique<RedisStore>(RedisStore::Options{
                         .address = ParseRedisUrl(config_.shared_limits.redis_url),
                         .timeout = config_.shared_limits.timeout})),
      metrics_(metrics) {
  for (const http::UpstreamOptions& options : config_.upstreams) {
    upstreams_.push_back(std::make_unique<http::Upstream>(options, metrics));
  }
  for (const RouteRule& rule : table_.rules()) {
    const auto it = std::find_if(upstreams_.begin(), upstreams_.end(),
                                 [&](const auto& u) { return u->options().name == rule.upstream; });
    if (it == upstreams_.end()) {
      throw std::invalid_argument("no upstream configured for " + rule.prefix);
    }
    upstream_of_rule_.push_back(it->get());
  }
  for (RouteClass route_class : kClasses) {
    rate_limited_.push_back(&metrics.GetCounter(
        "gateway_rate_limited_total", "Requests refused with 429, by route class", {"class"},
        {std::string(RouteClassName(route_class))}));
  }
  metrics.AddCallbackGauge("gateway_rate_limit_keys", "Rate-limit buckets held in memory",
                           [this] { return static_cast<double>(limiter_.LocalSize()); });
  for (LimiterBackend backend : {LimiterBackend::kShared, LimiterBackend::kLocal}) {
    metrics.AddCallbackGauge(
        "gateway_rate_limiter_backend",
        "1 for the rate limiter in use: redis (shared by the gateways) or local (this gateway's)",
        {"backend"}, {std::string(LimiterBackendName(backend))},
        [this, backend] { return limiter_.Backend() == backend ? 1.0 : 0.0; });
  }
  if (limiter_.HasStore()) {
    logging::Info("rate_limiter_shared",
                  {{"backend", "redis"}, {"timeout_ms", config_.shared_limits.timeout.count()}});
  }
}

void Gateway::AddRoutes(http::Router& router) {
  router.Add(http::Method::kGet, "/ready", [this](http::Request&) { return Ready(); });
  for (const WebSocketRoute& route : table_.websockets()) {
    router.AddUpgrade(route.path,
                      [this](http::Request& request) { return ProxyWebSocket(request); });
  }
  for (const RouteRule& rule : table_.rules()) {
    router.AddPrefix(rule.prefix, [this](http::Request& request) { return Proxy(request); });
  }
}

void Gateway::WarmUp() {
  if (!authenticator_.keys().Refresh()) {
    logging::Warn("jwks_not_loaded_at_startup",
                  {{"detail", "auth-service not reachable yet; keys are fetched on first use"}});
  }
}

http::Response Gateway::Proxy(http::Request& request) {
  http::Response response = Route(request);
  cors_.Decorate(request, response);
  return response;
}

http::Response Gateway::TooManyRequests(const RateVerdict& verdict, RouteClass route_class) {
  rate_limited_[static_cast<std::size_t>(route_class)]->Inc();
  const std::string class_name(RouteClassName(route_class));
  return http::ToResponse(
      http::Problem{.status = 429,
                    .type = "urn:shop:problem:rate-limited",
                    .title = "Too many requests",
                    .detail = "the rate limit of " + class_name + " routes is " +
                              std::to_string(verdict.limit) + " requests per window; retry in " +
                              std::to_string(verdict.retry_after.count()) + " s",
                    .extensions = {{"class", class_name}},
                    .retry_after_seconds = static_cast<unsigned>(verdict.retry_after.count())});
}

http::Response Gateway::Route(http::Request& request) {
  const std::optional<RouteDecision> decision = table_.Decide(request.method, request.path);
  if (!decision) {
    return http::ToResponse(http::NotFound("no resource at " + request.path).problem(),
                            request.path);
  }
  if (request.method == http::Method::kOther) {
    return MethodNotAllowed(request);
  }
  if (CorsPolicy::IsPreflight(request)) {
    return cors_.Preflight(request);
  }
  const ClientAddress client = ClientAddressOf(request, config_.trusted_proxies);
  RateVerdict verdict;
  std::optional<http::Response> refusal = Admit(request, *decision, client, verdict, false);
  http::Response response = refusal ? std::move(*refusal) : Forward(request, *decision, client);
  SetRateLimitHeaders(response, verdict, config_.limits.For(decision->route_class));
  return response;
}

http::UpgradeAnswer Gateway::ProxyWebSocket(http::Request& request) {
  const std::optional<RouteDecision> decision = table_.Decide(request.method, request.path);
  const auto route = std::find_if(table_.websockets().begin(), table_.websockets().end(),
                                  [&](const WebSocketRoute& r) { return r.path == request.path; });
  if (!decision || route == table_.websockets().end()) {
    return {.takeover = {}, .response = Proxy(request)};  // not a WebSocket route: as a request
  }
  const ClientAddress client = ClientAddressOf(request, config_.trusted_proxies);
  RateVerdict verdict;
  if (std::optional<http::Response> refusal = Admit(request, *decision, client, verdict, true)) {
    SetRateLimitHeaders(*refusal, verdict, config_.limits.For(decision->route_class));
    cors_.Decorate(request, *refusal);
    return {.takeover = {}, .response = std::move(*refusal)};
  }
  http::Upstream& upstream =
      *upstream_of_rule_[static_cast<std::size_t>(decision->rule - table_.rules().data())];
  const http::OfferedProtocols offered = http::ParseOfferedProtocols(request.headers);
  RelayTarget target{
      .upstream = route->upstream,
      .endpoint = upstream.PickEndpoint(),
      .target = request.target,
      .headers = UpstreamUpgradeHeaders(
          request.headers,
          {.request_id = request.request_id,
           .traceparent = request.traceparent,
           .forwarded_for = client.forwarded_for},
          offered.bearer_tokens.empty() ? std::string_view() : offered.bearer_tokens.front()),
      .protocols = offered.protocols,
      .timeout = upstream.options().timeout};
  const http::WebSocketSettings settings{.idle_timeout = config_.websocket_idle_timeout,
                                         .read_message_max = 64 * 1024};
  return {.takeover = [this, target = std::move(target),
                       settings](std::unique_ptr<http::UpgradedConnection> connection) mutable {
    StartWebSocketRelay(std::move(connection), std::move(target), settings, metrics_);
  }};
}

std::optional<http::Response> Gateway::Admit(http::Request& request, const RouteDecision& decision,
                                             const ClientAddress& client, RateVerdict& verdict,
                                             bool upgrade) {
  const RateLimit& limit = config_.limits.For(decision.route_class);
  verdict = limiter_.Acquire(std::string(RouteClassName(decision.route_class)) + "|ip|" + client.ip,
                             limit);
  if (!verdict.allowed) {
    return TooManyRequests(verdict, decision.route_class);
  }
  if (!decision.needs_token) {
    return std::nullopt;
  }
  auth::Principal principal;
  try {
    principal = upgrade ? authenticator_.AuthenticateUpgrade(request)
                        : authenticator_.Authenticate(request);
  } catch (const http::HttpError& error) {
    return http::ToResponse(error.problem(), request.path);
  }
  const RateVerdict user = limiter_.Acquire(
      std::string(RouteClassName(decision.route_class)) + "|user|" + principal.user_id, limit);
  if (!user.allowed || user.remaining < verdict.remaining) {
    verdict = user;
  }
  if (!user.allowed) {
    return TooManyRequests(user, decision.route_class);
  }
  return std::nullopt;
}

http::Response Gateway::Forward(http::Request& request, const RouteDecision& decision,
                                const ClientAddress& client) {
  http::Upstream& upstream =
      *upstream_of_rule_[static_cast<std::size_t>(decision.rule - table_.rules().data())];
  const http::ClientRequest out{
      // HEAD goes up as GET, so the server can tell the client the length a GET would have.
      .method = request.method == http::Method::kHead ? http::Method::kGet : request.method,
      .target = request.target,
      .headers = UpstreamRequestHeaders(request.headers, {.request_id = request.request_id,
                                                          .traceparent = request.traceparent,
                                                          .forwarded_for = client.forwarded_for}),
      .body = std::move(request.body)};
  try {
    http::ClientResponse answer = upstream.Send(out);
    http::Response response;
    response.status = answer.status;
    response.headers = ClientResponseHeaders(answer.headers);
    response.body = std::move(answer.body);
    return response;
  } catch (const http::UpstreamFailure& failure) {
    return http::ToResponse(FailureProblem(failure, decision.rule->upstream), request.path);
  }
}

http::Response Gateway::Ready() const {
  nlohmann::json upstreams = nlohmann::json::object();
  std::size_t open = 0;
  bool degraded = false;
  for (const auto& upstream : upstreams_) {
    const resilience::BreakerState state = upstream->State();
    open += state == resilience::BreakerState::kOpen ? 1 : 0;
    degraded = degraded || state != resilience::BreakerState::kClosed;
    nlohmann::json instances = nlohmann::json::array();
    for (const http::Upstream::InstanceStatus& instance : upstream->Instances()) {
      // An instance out of service while others serve: the gateway is degraded, not down.
      degraded =
          degraded || instance.state != resilience::BreakerState::kClosed || !instance.healthy;
      instances.push_back({{"url", "http://" + instance.endpoint.ToString()},
                           {"state", resilience::BreakerStateName(instance.state)},
                           {"health", !upstream->HealthChecked() ? "unchecked"
                                      : instance.healthy         ? "up"
                                                                 : "down"}});
    }
    upstreams[upstream->options().name] = {
        {"state", resilience::BreakerStateName(state)},
        {"url", http::HttpUrlList(upstream->options().endpoints)},
        {"instances", std::move(instances)}};
  }
  const bool all_open = !upstreams_.empty() && open == upstreams_.size();
  const nlohmann::json body{{"status", all_open   ? "unavailable"
                                       : degraded ? "degraded"
                                                  : "ready"},
                            {"upstreams", upstreams},
                            {"jwt_keys", authenticator_.keys().Keys() ? "loaded" : "missing"}};
  http::Response response = http::JsonResponse(all_open ? 503 : 200, body.dump());
  if (all_open) {
    response.headers.Set("Retry-After", "1");
  }
  return response;
}

}  // namespace shop::gateway
