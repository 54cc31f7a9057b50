#include "platform/auth/bearer_auth.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>
#include <utility>

#include "platform/http/problem.hpp"
#include "platform/http/websocket_protocols.hpp"
#include "platform/text/ascii.hpp"

namespace shop::auth {
namespace {

bool IsTokenChar(char c) {
  // b64token (RFC 6750 section 2.1): ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" then "="*.
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_' ||
         c == '~' || c == '+' || c == '/' || c == '=';
}

// The token of "Bearer <token>" (scheme case-insensitive); throws 401 when the value is not that.
std::string_view BearerToken(std::string_view value) {
  constexpr std::string_view kScheme = "Bearer ";
  if (value.size() <= kScheme.size() ||
      !shop::text::EqualsIgnoreCase(value.substr(0, kScheme.size()), kScheme)) {
    throw http::Unauthorized("the Authorization header must be \"Bearer <token>\"");
  }
  std::string_view token = value.substr(kScheme.size());
  while (!token.empty() && token.front() == ' ') {
    token.remove_prefix(1);
  }
  if (token.empty() || !std::all_of(token.begin(), token.end(), IsTokenChar)) {
    throw http::Unauthorized("the bearer token is malformed");
  }
  return token;
}

std::string Describe(VerifyFailure failure) {
  switch (failure) {
    case VerifyFailure::kExpired:
      return "the access token has expired";
    case VerifyFailure::kNotYetValid:
      return "the access token is not valid yet";
    case VerifyFailure::kWrongAudience:
      return "the access token is not meant for this service";
    default:
      return "the access token is invalid (" + std::string(VerifyFailureName(failure)) + ")";
  }
}

}  // namespace

Authenticator::Authenticator(std::unique_ptr<JwksCache> keys, VerifyOptions options, SystemNow now)
    : keys_(std::move(keys)), options_(std::move(options)), now_(std::move(now)) {
  if (!keys_) {
    throw std::invalid_argument("Authenticator needs a JwksCache");
  }
}

Authenticator Authenticator::FromEnv(const config::EnvConfig& env) {
  const std::string url = env.String("SHOP_AUTH_URL", "http://127.0.0.1:8081");
  std::vector<http::Endpoint> endpoints;
  try {
    endpoints = http::ParseHttpUrlList(url);
  } catch (const std::invalid_argument& error) {
    throw config::ConfigError("SHOP_AUTH_URL=" + url + ": " + error.what());
  }
  VerifyOptions options{.issuer = env.String("SHOP_JWT_ISSUER", "shop-auth"),
                        .audience = env.String("SHOP_JWT_AUDIENCE", "shop")};
  return Authenticator(std::make_unique<JwksCache>(JwksCache::HttpFetch(std::move(endpoints))),
                       std::move(options));
}

Principal Authenticator::Authenticate(const http::Request& request) const {
  const auto header = request.headers.Get("Authorization");
  if (!header) {
    throw http::Unauthorized("an access token is required (Authorization: Bearer <token>)", "");
  }
  return Verify(BearerToken(*header));
}

Principal Authenticator::AuthenticateUpgrade(const http::Request& request) const {
  const http::OfferedProtocols offered = http::ParseOfferedProtocols(request.headers);
  if (offered.bearer_tokens.empty()) {
    return Authenticate(request);
  }
  if (offered.bearer_tokens.size() > 1) {
    throw http::Unauthorized("offer one \"bearer.<token>\" subprotocol, not several");
  }
  const std::string& token = offered.bearer_tokens.front();
  if (token.empty() || !std::all_of(token.begin(), token.end(), IsTokenChar)) {
    throw http::Unauthorized("the bearer token is malformed");
  }
  return Verify(token);
}

Principal Authenticator::Verify(std::string_view token) const {
  VerifyResult result = keys_->VerifyToken(token, options_, now_());
  if (auto* claims = std::get_if<TokenClaims>(&result)) {
    return Principal{.user_id = std::move(claims->subject), .role = std::move(claims->role)};
  }
  const VerifyFailure failure = std::get<VerifyFailure>(result);
  if (failure == VerifyFailure::kKeysUnavailable) {
    throw http::ServiceUnavailable("the token signing keys are not available yet; retry shortly");
  }
  throw http::Unauthorized(Describe(failure));
}

void RequireRole(const Principal& principal, std::initializer_list<std::string_view> roles) {
  if (std::find(roles.begin(), roles.end(), principal.role) == roles.end()) {
    throw http::Forbidden("this operation is not allowed for the role '" + principal.role + "'");
  }
}

}  // namespace shop::auth
