#include "category/domain/category_rules.hpp"

#include <cctype>

#include "platform/text/ascii.hpp"
#include "platform/text/utf8.hpp"

namespace shop::category {

std::string NormalizeName(std::string_view raw) {
  std::string out;
  bool pending_space = false;
  for (const char c : raw) {
    if (text::IsAsciiSpace(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) {
      out.push_back(' ');
      pending_space = false;
    }
    out.push_back(c);
  }
  return out;
}

std::optional<std::string> NameViolation(std::string_view name) {
  if (name.empty()) {
    return "must not be empty";
  }
  if (text::CodePoints(name) > kMaxNameLength) {
    return "must be at most " + std::to_string(kMaxNameLength) + " characters";
  }
  for (const char c : name) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
      return "must not contain control characters";
    }
  }
  return std::nullopt;
}

std::string Slugify(std::string_view name) {
  std::string slug;
  bool pending_dash = false;
  for (const char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x80 || std::isalnum(u)) {
      if (pending_dash && !slug.empty()) {
        slug.push_back('-');
      }
      pending_dash = false;
      slug.push_back(u >= 0x80 ? c : static_cast<char>(std::tolower(u)));
    } else {
      pending_dash = true;
    }
  }
  return slug;
}

}  // namespace shop::category
