#pragma once
// Percent-decoding of request targets (RFC 3986) for the server.

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace shop::http {

// Decodes %XX escapes; with `plus_as_space` also '+' (form encoding, used in queries).
// nullopt on a malformed escape or an encoded NUL.
std::optional<std::string> PercentDecode(std::string_view text, bool plus_as_space);

struct DecodedTarget {
  std::string path;
  std::multimap<std::string, std::string> query;
};

// Splits "/a%20b?x=1&y" into path "/a b" and query {x: "1", y: ""}. nullopt when the target is
// not origin-form or an escape is malformed.
std::optional<DecodedTarget> DecodeTarget(std::string_view target);

}  // namespace shop::http
