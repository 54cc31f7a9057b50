#pragma once
// ES256 (ECDSA on P-256 with SHA-256) as JWS uses it (RFC 7518 section 3.4), on OpenSSL 3 keys.
// Internal to platform/auth: SigningKey and KeySet are the public face.

#include <optional>
#include <string>
#include <string_view>

#include "platform/auth/openssl_handles.hpp"

namespace shop::auth::es256 {

inline constexpr std::size_t kCoordinateSize = 32;                  // bytes of x, y, r and s
inline constexpr std::size_t kSignatureSize = 2 * kCoordinateSize;  // JWS signature: R || S

// True when `key` is an EC key on P-256.
bool IsP256(const EVP_PKEY& key);

// The affine coordinates of the public point, each exactly 32 bytes (big-endian, zero-padded).
struct PublicPoint {
  std::string x;
  std::string y;
};
PublicPoint PublicPointOf(const EVP_PKEY& key);

// A public-only key from raw coordinates; null unless they are 32 bytes each and name a point on
// P-256.
PkeyPtr PublicKeyFromPoint(const PublicPoint& point);

// Sign and Verify take non-const keys only because OpenSSL's EVP_DigestSignInit does; they do not
// modify the key and may be called on one key from several threads at once.
// Signs SHA-256(input); returns R || S (64 bytes). Throws std::runtime_error on an OpenSSL error.
std::string Sign(EVP_PKEY& private_key, std::string_view input);

// False for any signature that is not 64 bytes of R || S valid for `input` under `public_key`.
bool Verify(EVP_PKEY& public_key, std::string_view input, std::string_view raw_signature);

// The conversion between OpenSSL's DER ECDSA-Sig-Value and JWS's fixed-size R || S.
std::optional<std::string> DerToRaw(std::string_view der);
std::optional<std::string> RawToDer(std::string_view raw);

}  // namespace shop::auth::es256
