#pragma once
// Authentication of a request by its access token, for every service (zero trust: each service
// checks the token again behind the gateway), and role checks.
//
//   Authorization: Bearer <token>
//
// Missing header                      -> 401, WWW-Authenticate: Bearer
// Another scheme, a malformed header,
// or a token VerifyToken refuses      -> 401, WWW-Authenticate: Bearer error="invalid_token"
// Keys never obtained from auth       -> 503 with Retry-After (the token may be valid)
// Authenticated but not in a role     -> 403 (RequireRole)
//
// A WebSocket upgrade (AuthenticateUpgrade) may carry the token as the subprotocol
// "bearer.<token>" instead (platform/http/websocket_protocols.hpp); the same checks apply, and
// more than one bearer entry is refused as a malformed credential.
// The token never appears in a problem detail or a log line.

#include <chrono>
#include <functional>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>

#include "platform/auth/jwks_cache.hpp"
#include "platform/auth/token_verifier.hpp"
#include "platform/config/env_config.hpp"
#include "platform/http/message.hpp"

namespace shop::auth {

struct Principal {
  std::string user_id{};  // the token's sub
  std::string role{};     // customer, seller or admin
};

class Authenticator {
 public:
  using SystemNow = std::function<std::chrono::system_clock::time_point()>;

  // `keys` must not be null. Thread-safe.
  Authenticator(std::unique_ptr<JwksCache> keys, VerifyOptions options,
                SystemNow now = std::chrono::system_clock::now);

  // Keys from SHOP_AUTH_URL (default http://127.0.0.1:8081; a comma-separated list of
  // auth-service instances is asked in turn) at /auth/.well-known/jwks.json;
  // expects iss SHOP_JWT_ISSUER (default "shop-auth") and aud SHOP_JWT_AUDIENCE (default "shop").
  // Throws config::ConfigError on an invalid SHOP_AUTH_URL.
  static Authenticator FromEnv(const config::EnvConfig& env);

  // The caller named by the request's bearer token. Throws http::HttpError as described above.
  Principal Authenticate(const http::Request& request) const;
  // The caller of a WebSocket upgrade: the offered "bearer.<token>" subprotocol when there is
  // one, else the Authorization header as Authenticate reads it.
  Principal AuthenticateUpgrade(const http::Request& request) const;

  JwksCache& keys() const { return *keys_; }

 private:
  Principal Verify(std::string_view token) const;

  std::unique_ptr<JwksCache> keys_;
  VerifyOptions options_;
  SystemNow now_;
};

// Throws http::Forbidden (403) unless principal.role is one of `roles`.
void RequireRole(const Principal& principal, std::initializer_list<std::string_view> roles);

}  // namespace shop::auth
