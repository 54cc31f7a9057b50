#pragma once
// The gateway's routing surface (schemas/openapi/gateway.yaml describes it for clients): which
// path prefix goes to which upstream, which routes are public (no token checked at the edge), and
// the rate-limit class of each request. Pure, so the whole table is unit-tested.
//
//   /auth            -> auth      public: POST register, login, refresh, logout, verify-email,
//                                 password-reset/request, password-reset/confirm; GET JWKS
//   /api/categories  -> category  public: GET, HEAD
//   /api/products    -> product   public: GET, HEAD
//   /cart            -> cart
//   /orders          -> order
// Everything else under a prefix needs a valid access token at the edge (deny by default); the
// services check it again and enforce roles themselves.
//
// Prefixes cover the path itself and every path below it ("/cart", "/cart/items/1"), never a
// sibling ("/cartoon"). Paths are the percent-decoded request path; public auth routes match
// exactly ("/auth/login/" or "/auth//login" are protected), so no spelling makes a protected
// route public.
//
// WebSocket routes: an upgrade request (Upgrade: websocket) to one of these exact paths is proxied
// as a WebSocket (proxy/websocket_relay.hpp), through the same checks as the prefix's requests;
// to any other path it is an ordinary request (Upgrade is hop-by-hop and never forwarded).
//   /orders/live     -> order     the caller's live order status (docs/decisions/0034)
//
// Rate-limit classes: auth = everything under /auth (so the account e-mails' routes are limited as
// login is); admin = writes (not GET, HEAD, OPTIONS) under
// /api/categories, which only admins may make; other = the rest.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/http/message.hpp"

namespace shop::gateway {

enum class RouteClass { kAuth, kAdmin, kOther };

std::string_view RouteClassName(RouteClass route_class);  // "auth", "admin", "other"

struct RouteRule {
  std::string prefix{};    // "/api/products"
  std::string upstream{};  // "product": the upstream's name (metrics label, SHOP_<NAME>_URL)
};

struct WebSocketRoute {
  std::string path{};      // "/orders/live"
  std::string upstream{};  // an upstream of the rules
};

struct RouteDecision {
  const RouteRule* rule = nullptr;  // points into the table
  bool needs_token = true;
  RouteClass route_class = RouteClass::kOther;
};

class RouteTable {
 public:
  // The table above.
  static RouteTable Default();

  explicit RouteTable(std::vector<RouteRule> rules, std::vector<WebSocketRoute> websockets = {});

  // The rule whose prefix covers `path` (the longest), with the route's class and whether it is
  // public; nullopt when no prefix covers it (the gateway answers 404).
  std::optional<RouteDecision> Decide(http::Method method, std::string_view path) const;

  const std::vector<RouteRule>& rules() const { return rules_; }
  const std::vector<WebSocketRoute>& websockets() const { return websockets_; }

 private:
  std::vector<RouteRule> rules_;
  std::vector<WebSocketRoute> websockets_;
};

// True when `prefix` covers `path`: equal, or `path` continues with '/' after it.
bool PrefixCovers(std::string_view prefix, std::string_view path);

}  // namespace shop::gateway
