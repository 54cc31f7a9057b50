#include "platform/auth/jwt.hpp"

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "platform/auth/base64url.hpp"

namespace shop::auth {
namespace {

std::int64_t NumericDate(std::chrono::system_clock::time_point time) {
  return std::chrono::floor<std::chrono::seconds>(time.time_since_epoch()).count();
}

void RequireNonEmpty(const std::string& value, const char* claim) {
  if (value.empty()) {
    throw std::invalid_argument(std::string("IssueToken: claim '") + claim + "' is empty");
  }
}

}  // namespace

std::string IssueToken(const SigningKey& key, const TokenClaims& claims) {
  RequireNonEmpty(claims.subject, "sub");
  RequireNonEmpty(claims.role, "role");
  RequireNonEmpty(claims.issuer, "iss");
  RequireNonEmpty(claims.audience, "aud");
  if (claims.expires_at <= claims.not_before) {
    throw std::invalid_argument("IssueToken: exp must be after nbf");
  }
  const nlohmann::ordered_json header = {{"alg", "ES256"}, {"typ", "JWT"}, {"kid", key.kid()}};
  nlohmann::ordered_json payload = {{"sub", claims.subject},
                                    {"role", claims.role},
                                    {"iss", claims.issuer},
                                    {"aud", claims.audience},
                                    {"iat", NumericDate(claims.issued_at)},
                                    {"nbf", NumericDate(claims.not_before)},
                                    {"exp", NumericDate(claims.expires_at)}};
  if (!claims.token_id.empty()) {
    payload["jti"] = claims.token_id;
  }
  const std::string signing_input =
      Base64UrlEncode(header.dump()) + "." + Base64UrlEncode(payload.dump());
  return signing_input + "." + Base64UrlEncode(key.Sign(signing_input));
}

}  // namespace shop::auth
