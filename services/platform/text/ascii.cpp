#include "platform/text/ascii.hpp"

#include <algorithm>

namespace shop::text {
namespace {

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string_view TrimOf(std::string_view text, std::string_view characters) {
  const std::size_t first = text.find_first_not_of(characters);
  if (first == std::string_view::npos) {
    return {};
  }
  return text.substr(first, text.find_last_not_of(characters) - first + 1);
}

}  // namespace

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                    [](char x, char y) { return Lower(x) == Lower(y); });
}

std::string_view TrimWhitespace(std::string_view text) { return TrimOf(text, " \t\n\r\f\v"); }

std::string_view TrimSpacesAndTabs(std::string_view text) { return TrimOf(text, " \t"); }

}  // namespace shop::text
