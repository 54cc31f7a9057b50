#pragma once
// Opaque secret tokens: refresh tokens, and the single-use account tokens of verification and
// password-reset e-mails (api/account_tokens.hpp). 32 random bytes (libsodium), base64url without
// padding. Only a SHA-256 of a token is stored: it has 256 bits of entropy, so a plain hash (no
// salt, no slow KDF) is enough to make a leaked table useless. Thread-safe.

#include <string>
#include <string_view>

namespace shop::auth_service {

struct NewOpaqueToken {
  std::string token;  // given to its holder once (a response body, an e-mail)
  std::string hash;   // hex SHA-256, stored
};

NewOpaqueToken MakeOpaqueToken();
std::string HashOpaqueToken(std::string_view token);

}  // namespace shop::auth_service
