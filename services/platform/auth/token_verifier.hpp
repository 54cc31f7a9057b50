#pragma once
// Verification of access tokens, the checks a JWT library does not do for us (see DESIGN.md
// section 6 on libjwt): what is refused, and in which order.
//
//  1. Shape: exactly three non-empty base64url parts (canonical, unpadded), header and payload
//     JSON objects, at most 8 KiB in all                                           -> kMalformed
//  2. Header alg exactly "ES256", before any key is touched ("none", "HS256" that would use the
//     public key as an HMAC secret, anything else)                      -> kUnsupportedAlgorithm
//     Header kid a non-empty string; no "crit" header                               -> kMalformed
//  3. kid in the key set                                  -> kUnknownKey (the caller may refresh)
//  4. Signature: 64 bytes R || S, valid under that kid's key                      -> kBadSignature
//     No claim is read before this point.
//  5. Claims: iss, aud, exp, sub, role present                                   -> kMissingClaim
//     Wrong JSON types, non-integer or out-of-range times                           -> kMalformed
//     iss equal to options.issuer                                                -> kWrongIssuer
//     aud equal to options.audience, or an array containing it                 -> kWrongAudience
//     now > exp + leeway                                                            -> kExpired
//     now < nbf - leeway or now < iat - leeway (each when present)              -> kNotYetValid
//     sub and role non-empty strings                                             -> kMissingClaim

#include <chrono>
#include <string>
#include <string_view>
#include <variant>

#include "platform/auth/jwt.hpp"
#include "platform/auth/key_set.hpp"

namespace shop::auth {

struct VerifyOptions {
  std::string issuer{};
  std::string audience{};
  std::chrono::seconds leeway{60};  // allowed clock skew between auth and the verifier
};

enum class VerifyFailure {
  kMalformed,
  kUnsupportedAlgorithm,
  kUnknownKey,
  kBadSignature,
  kExpired,
  kNotYetValid,
  kWrongIssuer,
  kWrongAudience,
  kMissingClaim,
  // Not from VerifyToken: JwksCache has never obtained the key set, so no token can be checked.
  // The caller answers 503, not 401: the token may well be valid.
  kKeysUnavailable,
};

// "malformed", "unsupported_algorithm", "unknown_key", ... (snake_case, for logs and metrics).
std::string_view VerifyFailureName(VerifyFailure failure);

// The claims of a valid token, or why it is refused. A token's audience claim may list several
// audiences; TokenClaims::audience is then options.audience. Absent iat/nbf/jti are left empty.
using VerifyResult = std::variant<TokenClaims, VerifyFailure>;

VerifyResult VerifyToken(std::string_view token, const KeySet& keys, const VerifyOptions& options,
                         std::chrono::system_clock::time_point now);

}  // namespace shop::auth
