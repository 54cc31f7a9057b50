#pragma once
// An ES256 private key with its key id: what auth-service signs access tokens with.
// Only auth-service holds one; every other service knows the public half through the JWKS.

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "platform/auth/openssl_handles.hpp"

namespace shop::auth {

class SigningKey {
 public:
  // A fresh P-256 key.
  static SigningKey Generate(std::string kid);
  // A P-256 private key in PEM (PKCS#8 "PRIVATE KEY" or SEC 1 "EC PRIVATE KEY", unencrypted).
  // Throws std::invalid_argument on an empty kid, unreadable PEM, or a key that is not P-256.
  static SigningKey FromPrivatePem(std::string kid, std::string_view pem);

  SigningKey(SigningKey&&) noexcept = default;
  SigningKey& operator=(SigningKey&&) noexcept = default;
  SigningKey(const SigningKey&) = delete;
  SigningKey& operator=(const SigningKey&) = delete;
  ~SigningKey() = default;

  const std::string& kid() const { return kid_; }
  std::string PrivatePem() const;  // PKCS#8; a secret: never log it
  // {"kty":"EC","crv":"P-256","x":...,"y":...,"kid":...,"alg":"ES256","use":"sig"}
  nlohmann::json PublicJwk() const;
  // The JWS signature of `signing_input`: raw R || S, 64 bytes (not DER). Thread-safe.
  std::string Sign(std::string_view signing_input) const;

 private:
  SigningKey(std::string kid, PkeyPtr key);

  std::string kid_;
  PkeyPtr key_;
};

}  // namespace shop::auth
