#include "auth/security/opaque_token.hpp"

#include <sodium.h>

#include <array>
#include <stdexcept>

namespace shop::auth_service {

NewOpaqueToken MakeOpaqueToken() {
  if (sodium_init() < 0) {
    throw std::runtime_error("libsodium could not be initialised");
  }
  std::array<unsigned char, 32> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  std::array<char, sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)> text{};
  sodium_bin2base64(text.data(), text.size(), bytes.data(), bytes.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  NewOpaqueToken out;
  out.token = text.data();
  out.hash = HashOpaqueToken(out.token);
  return out;
}

std::string HashOpaqueToken(std::string_view token) {
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(token.data()),
                     token.size());
  std::array<char, crypto_hash_sha256_BYTES * 2 + 1> hex{};
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  return hex.data();
}

}  // namespace shop::auth_service
