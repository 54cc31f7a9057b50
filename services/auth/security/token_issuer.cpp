#include "auth/security/token_issuer.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "events/uuid_v7.hpp"
#include "platform/auth/jwt.hpp"
#include "platform/auth/key_set.hpp"

namespace shop::auth_service {
namespace {

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw config::ConfigError("SHOP_JWT_KEYS_DIR: cannot read " + path.string());
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

TokenIssuer::TokenIssuer(std::vector<auth::SigningKey> keys, const std::string& active_kid,
                         TokenIssuerOptions options)
    : keys_(std::move(keys)), options_(std::move(options)) {
  const auto active = std::find_if(
      keys_.begin(), keys_.end(), [&](const auth::SigningKey& k) { return k.kid() == active_kid; });
  if (active == keys_.end()) {
    throw std::invalid_argument("no signing key with kid '" + active_kid + "'");
  }
  active_ = static_cast<std::size_t>(active - keys_.begin());
}

TokenIssuer TokenIssuer::FromEnv(const config::EnvConfig& env) {
  const std::filesystem::path dir = env.RequiredString("SHOP_JWT_KEYS_DIR");
  std::vector<auth::SigningKey> keys;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
    if (entry.path().extension() != ".pem") {
      continue;
    }
    const std::string kid = entry.path().stem().string();
    try {
      keys.push_back(auth::SigningKey::FromPrivatePem(kid, ReadFile(entry.path())));
    } catch (const std::invalid_argument& e) {
      throw config::ConfigError("SHOP_JWT_KEYS_DIR: " + entry.path().string() + ": " + e.what());
    }
  }
  if (error) {
    throw config::ConfigError("SHOP_JWT_KEYS_DIR: cannot list " + dir.string() + ": " +
                              error.message());
  }
  if (keys.empty()) {
    throw config::ConfigError("SHOP_JWT_KEYS_DIR: no <kid>.pem key in " + dir.string());
  }
  std::sort(keys.begin(), keys.end(),
            [](const auth::SigningKey& a, const auth::SigningKey& b) { return a.kid() < b.kid(); });
  const std::string active = env.String("SHOP_JWT_ACTIVE_KID", keys.back().kid());
  TokenIssuerOptions options;
  options.issuer = env.String("SHOP_JWT_ISSUER", options.issuer);
  options.audience = env.String("SHOP_JWT_AUDIENCE", options.audience);
  options.access_ttl = std::chrono::duration_cast<std::chrono::seconds>(
      env.Duration("SHOP_JWT_ACCESS_TTL", std::chrono::minutes(15)));
  try {
    return TokenIssuer(std::move(keys), active, options);
  } catch (const std::invalid_argument& e) {
    throw config::ConfigError(std::string("SHOP_JWT_ACTIVE_KID: ") + e.what());
  }
}

IssuedAccessToken TokenIssuer::Issue(const User& user) const {
  // Whole seconds: JWT times are integers, and `iat` must not lie in the verifier's future.
  const auto now =
      std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  const auth::TokenClaims claims{.subject = user.id,
                                 .role = user.role,
                                 .issuer = options_.issuer,
                                 .audience = options_.audience,
                                 .token_id = events::NewUuidV7(),
                                 .issued_at = now,
                                 .not_before = now,
                                 .expires_at = now + options_.access_ttl};
  return {.token = auth::IssueToken(keys_[active_], claims), .expires_in = options_.access_ttl};
}

std::string TokenIssuer::JwksDocument() const {
  std::vector<const auth::SigningKey*> keys;
  for (const auth::SigningKey& key : keys_) {
    keys.push_back(&key);
  }
  return auth::ToJwks(keys).dump();
}

}  // namespace shop::auth_service
