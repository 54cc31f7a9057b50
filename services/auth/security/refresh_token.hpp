#pragma once
// Opaque refresh tokens: 32 random bytes (libsodium), base64url without padding. Only a SHA-256
// of a token is stored: it has 256 bits of entropy, so a plain hash (no salt, no slow KDF) is
// enough to make a leaked table useless.

#include <string>
#include <string_view>

namespace shop::auth_service {

struct NewRefreshToken {
  std::string token;  // given to the client once
  std::string hash;   // hex SHA-256, stored
};

NewRefreshToken MakeRefreshToken();
std::string HashRefreshToken(std::string_view token);

}  // namespace shop::auth_service
