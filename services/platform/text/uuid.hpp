#pragma once
// The textual shape of a UUID: 8-4-4-4-12 hex digits, either case. Ids in paths and bodies are
// checked with it before they reach SQL, so a malformed id is a 404 or 422, never a 500.

#include <string_view>

namespace shop::text {

bool IsUuid(std::string_view text);

}  // namespace shop::text
