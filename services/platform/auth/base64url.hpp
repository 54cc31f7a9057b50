#pragma once
// base64url without padding (RFC 7515 section 2), as JWS uses it.

#include <optional>
#include <string>
#include <string_view>

namespace shop::auth {

std::string Base64UrlEncode(std::string_view bytes);

// nullopt unless `text` is canonical unpadded base64url: only [A-Za-z0-9_-], no '=', no
// whitespace, a length that is not 1 modulo 4, and zero unused bits in the last character (so
// each byte string has exactly one accepted encoding).
std::optional<std::string> Base64UrlDecode(std::string_view text);

}  // namespace shop::auth
