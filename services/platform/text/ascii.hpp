#pragma once
// ASCII text helpers for protocol fields (header names, schemes, configuration values). Locale
// independent and safe with embedded NUL bytes.

#include <string>
#include <string_view>
#include <vector>

namespace shop::text {

bool EqualsIgnoreCase(std::string_view a, std::string_view b);
bool StartsWithIgnoreCase(std::string_view text, std::string_view prefix);
// Only 'A'..'Z' and 'a'..'z' change; every other byte (UTF-8 included) is kept.
std::string ToLowerAscii(std::string text);
std::string ToUpperAscii(std::string text);
// ' ', '\t', '\n', '\r', '\f', '\v'.
bool IsAsciiSpace(char c);
// Without leading and trailing " \t\n\r\f\v".
std::string_view TrimWhitespace(std::string_view text);
// Without leading and trailing spaces and tabs (HTTP's optional whitespace).
std::string_view TrimSpacesAndTabs(std::string_view text);
// The items of a comma-separated list ("a, b,,c" -> a, b, c): trimmed of spaces and tabs, empty
// ones left out (an HTTP list-valued field; a list in a setting).
std::vector<std::string_view> CommaSeparated(std::string_view list);

}  // namespace shop::text
