#pragma once
// Access tokens: compact JWS (RFC 7515) signed ES256, header {"alg":"ES256","typ":"JWT","kid"},
// claims sub, role, iss, aud, iat, nbf, exp (integer seconds since the epoch) and jti.
// Issued by auth-service only; verified with platform/auth/token_verifier.hpp.

#include <chrono>
#include <string>

#include "platform/auth/signing_key.hpp"

namespace shop::auth {

struct TokenClaims {
  std::string subject{};                               // sub: the user id
  std::string role{};                                  // customer, seller or admin
  std::string issuer{};                                // iss
  std::string audience{};                              // aud
  std::string token_id{};                              // jti; omitted from the token when empty
  std::chrono::system_clock::time_point issued_at{};   // iat
  std::chrono::system_clock::time_point not_before{};  // nbf
  std::chrono::system_clock::time_point expires_at{};  // exp
};

// Times are truncated to whole seconds. Throws std::invalid_argument when subject, role, issuer
// or audience is empty, or when expires_at is not after not_before.
std::string IssueToken(const SigningKey& key, const TokenClaims& claims);

}  // namespace shop::auth
