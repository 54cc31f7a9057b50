#include "platform/text/ascii.hpp"

#include <algorithm>

namespace shop::text {
namespace {

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
char Upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

constexpr std::string_view kWhitespace = " \t\n\r\f\v";

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

bool StartsWithIgnoreCase(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && EqualsIgnoreCase(text.substr(0, prefix.size()), prefix);
}

std::string ToLowerAscii(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), Lower);
  return text;
}

std::string ToUpperAscii(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), Upper);
  return text;
}

bool IsAsciiSpace(char c) { return kWhitespace.find(c) != std::string_view::npos; }

std::string_view TrimWhitespace(std::string_view text) { return TrimOf(text, kWhitespace); }

std::string_view TrimSpacesAndTabs(std::string_view text) { return TrimOf(text, " \t"); }

std::vector<std::string_view> CommaSeparated(std::string_view list) {
  std::vector<std::string_view> items;
  while (true) {
    const std::size_t comma = list.find(',');
    const std::string_view item = TrimSpacesAndTabs(list.substr(0, comma));
    if (!item.empty()) {
      items.push_back(item);
    }
    if (comma == std::string_view::npos) {
      return items;
    }
    list.remove_prefix(comma + 1);
  }
}

}  // namespace shop::text
