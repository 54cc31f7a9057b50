#pragma once
// Access tokens (JWT, ES256) signed with the active key; every loaded key is published in the
// JWKS, so a new key can be published before it signs and an old one kept until its last tokens
// expire (docs/runbooks/jwt-key-rotation.md).
//
// Keys: every `<kid>.pem` (a P-256 private key, PKCS#8 or SEC1) in SHOP_JWT_KEYS_DIR; the file
// name without .pem is the kid. SHOP_JWT_ACTIVE_KID names the signing key (default: the greatest
// kid in byte order, so date-named kids rotate by adding a file). SHOP_JWT_ISSUER (shop-auth),
// SHOP_JWT_AUDIENCE (shop), SHOP_JWT_ACCESS_TTL (15m).

#include <chrono>
#include <string>
#include <vector>

#include "auth/domain/user.hpp"
#include "platform/auth/signing_key.hpp"
#include "platform/config/env_config.hpp"

namespace shop::auth_service {

struct TokenIssuerOptions {
  std::string issuer = "shop-auth";
  std::string audience = "shop";
  std::chrono::seconds access_ttl{15 * 60};
};

struct IssuedAccessToken {
  std::string token;
  std::chrono::seconds expires_in{0};
};

class TokenIssuer {
 public:
  // Throws std::invalid_argument when `keys` is empty or `active_kid` is not among them.
  TokenIssuer(std::vector<auth::SigningKey> keys, const std::string& active_kid,
              TokenIssuerOptions options);
  // Throws config::ConfigError naming the variable (no keys, unreadable or bad key file).
  static TokenIssuer FromEnv(const config::EnvConfig& env);

  IssuedAccessToken Issue(const User& user) const;
  // The JWKS document of every loaded key (public parts only).
  std::string JwksDocument() const;
  const TokenIssuerOptions& options() const { return options_; }

 private:
  std::vector<auth::SigningKey> keys_;
  std::size_t active_ = 0;
  TokenIssuerOptions options_;
};

}  // namespace shop::auth_service
