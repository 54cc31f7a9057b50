#include "gateway/routing/route_table.hpp"

#include <algorithm>
#include <array>

namespace shop::gateway {
namespace {

struct PublicRoute {
  http::Method method;
  std::string_view path;
};

// Exact paths under /auth that need no access token: the ways to get one, to end a session (the
// refresh token in the body is the credential), the public keys, and the account e-mails' links
// (the e-mailed token in the body is the credential; a forgotten password has no access token).
constexpr std::array<PublicRoute, 8> kPublicAuthRoutes{{
    {http::Method::kPost, "/auth/register"},
    {http::Method::kPost, "/auth/login"},
    {http::Method::kPost, "/auth/refresh"},
    {http::Method::kPost, "/auth/logout"},
    {http::Method::kGet, "/auth/.well-known/jwks.json"},
    {http::Method::kPost, "/auth/verify-email"},
    {http::Method::kPost, "/auth/password-reset/request"},
    {http::Method::kPost, "/auth/password-reset/confirm"},
}};

bool IsRead(http::Method method) {
  return method == http::Method::kGet || method == http::Method::kHead;
}

bool IsPublic(http::Method method, std::string_view path) {
  if (PrefixCovers("/api/categories", path) || PrefixCovers("/api/products", path)) {
    return IsRead(method);
  }
  const http::Method as = method == http::Method::kHead ? http::Method::kGet : method;
  return std::any_of(
      kPublicAuthRoutes.begin(), kPublicAuthRoutes.end(),
      [&](const PublicRoute& route) { return route.method == as && route.path == path; });
}

RouteClass ClassOf(http::Method method, std::string_view path) {
  if (PrefixCovers("/auth", path)) {
    return RouteClass::kAuth;
  }
  if (PrefixCovers("/api/categories", path) && !IsRead(method) &&
      method != http::Method::kOptions) {
    return RouteClass::kAdmin;
  }
  return RouteClass::kOther;
}

}  // namespace

std::string_view RouteClassName(RouteClass route_class) {
  switch (route_class) {
    case RouteClass::kAuth:
      return "auth";
    case RouteClass::kAdmin:
      return "admin";
    case RouteClass::kOther:
      break;
  }
  return "other";
}

bool PrefixCovers(std::string_view prefix, std::string_view path) {
  return path.starts_with(prefix) && (path.size() == prefix.size() || path[prefix.size()] == '/');
}

RouteTable RouteTable::Default() {
  return RouteTable({{.prefix = "/auth", .upstream = "auth"},
                     {.prefix = "/api/categories", .upstream = "category"},
                     {.prefix = "/api/products", .upstream = "product"},
                     {.prefix = "/cart", .upstream = "cart"},
                     {.prefix = "/orders", .upstream = "order"},
                     {.prefix = "/payments", .upstream = "payment"},
                     {.prefix = "/delivery", .upstream = "delivery"}},
                    {{.path = "/orders/live", .upstream = "order"}});
}

RouteTable::RouteTable(std::vector<RouteRule> rules, std::vector<WebSocketRoute> websockets)
    : rules_(std::move(rules)), websockets_(std::move(websockets)) {}

std::optional<RouteDecision> RouteTable::Decide(http::Method method, std::string_view path) const {
  const RouteRule* best = nullptr;
  for (const RouteRule& rule : rules_) {
    if (PrefixCovers(rule.prefix, path) &&
        (best == nullptr || rule.prefix.size() > best->prefix.size())) {
      best = &rule;
    }
  }
  if (best == nullptr) {
    return std::nullopt;
  }
  return RouteDecision{
      .rule = best, .needs_token = !IsPublic(method, path), .route_class = ClassOf(method, path)};
}

}  // namespace shop::gateway
