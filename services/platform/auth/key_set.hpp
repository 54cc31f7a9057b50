#pragma once
// The public keys tokens are verified with, by kid, as published by auth-service in a JWKS
// (RFC 7517) at GET /auth/.well-known/jwks.json.
//
// Only EC P-256 keys meant for ES256 are kept: each key pins its algorithm, so a token can never
// choose how it is checked. Immutable once built; safe to use from many threads at once.

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "platform/auth/openssl_handles.hpp"
#include "platform/auth/signing_key.hpp"

namespace shop::auth {

class KeySet {
 public:
  // Keeps each key with kty "EC", crv "P-256", a non-empty kid, alg "ES256" or absent, use "sig"
  // or absent, and x/y naming a point on the curve; skips any other key (RSA, oct, another curve
  // or algorithm, a bad point). Throws std::invalid_argument when `json` is not a JWKS (not JSON,
  // no "keys" array) or when two kept keys share a kid.
  static KeySet FromJwks(std::string_view json);
  // The public halves of `keys` (for auth-service itself and for tests).
  static KeySet FromKeys(const std::vector<const SigningKey*>& keys);

  bool Contains(std::string_view kid) const;
  std::size_t Size() const { return keys_.size(); }
  std::vector<std::string> Kids() const;

  // True only when `kid` is in the set and `signature` is the 64-byte R || S ES256 signature of
  // `signing_input` under that key.
  bool VerifySignature(std::string_view kid, std::string_view signing_input,
                       std::string_view signature) const;

 private:
  std::map<std::string, PkeyPtr, std::less<>> keys_;
};

// The JWKS document auth-service serves: {"keys":[<PublicJwk of each key>]}.
nlohmann::json ToJwks(const std::vector<const SigningKey*>& keys);

}  // namespace shop::auth
