#pragma once
// What `shopctl dlq show` prints of a message's value: the payload with its secrets masked. The
// account e-mail events (user.verification_requested, user.password_reset_requested) carry a
// single-use token in the member `token` (docs/decisions/0034); an operator reading a dead letter
// needs to see which user and which e-mail, never the token. Pure.

#include <string>
#include <string_view>

namespace shop::shopctl {

// The text that replaces a secret.
inline constexpr std::string_view kMaskedSecret = "<masked>";

// `value` for display: JSON is pretty-printed with every member named `token`, at any depth,
// replaced by kMaskedSecret. A value that is not JSON is shown as it is, unless it mentions
// "token" (a truncated or damaged event may still hold one): then only its size is shown.
std::string MaskedPayload(std::string_view value);

// The same for one-line output (`dlq replay --dry-run`): `value` byte for byte when it holds no
// `token` member, else compact JSON with the tokens masked (or the size, as above).
std::string MaskedValue(std::string_view value);

}  // namespace shop::shopctl
