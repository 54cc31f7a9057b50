#pragma once
// ASCII text helpers for protocol fields (header names, schemes, configuration values). Locale
// independent and safe with embedded NUL bytes.

#include <string_view>

namespace shop::text {

bool EqualsIgnoreCase(std::string_view a, std::string_view b);
// Without leading and trailing " \t\n\r\f\v".
std::string_view TrimWhitespace(std::string_view text);
// Without leading and trailing spaces and tabs (HTTP's optional whitespace).
std::string_view TrimSpacesAndTabs(std::string_view text);

}  // namespace shop::text
