#pragma once
// The subprotocols a WebSocket client offers (Sec-WebSocket-Protocol, RFC 6455 section 11.3.4: a
// comma-separated list of tokens, possibly over several fields) and the access token a browser
// passes as one of them, "bearer.<token>": browsers cannot set Authorization on a WebSocket, and
// a query parameter would end up in access logs (docs/decisions/0034). Pure functions.
//
// The header carries a credential: never log it, never echo it. A server answers with one of the
// other protocols only, never with the bearer entry.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/http/message.hpp"

namespace shop::http {

inline constexpr std::string_view kBearerProtocolPrefix = "bearer.";

struct OfferedProtocols {
  std::vector<std::string> protocols{};      // in the client's order, bearer entries left out
  std::vector<std::string> bearer_tokens{};  // the tokens of the "bearer." entries (normally one)

  bool Offers(std::string_view protocol) const;
};

// Every Sec-WebSocket-Protocol field of `headers`, items trimmed, empty items left out. Names
// are case-sensitive; so is the "bearer." prefix.
OfferedProtocols ParseOfferedProtocols(const Headers& headers);

// "a, b" (the value of one Sec-WebSocket-Protocol field).
std::string JoinProtocols(const std::vector<std::string>& protocols);

}  // namespace shop::http
