#include "cart/domain/promo_input.hpp"

#include <cctype>

#include "platform/text/rfc3339.hpp"

namespace shop::cart {

std::optional<std::string> NormalizePromoCode(std::string_view code) {
  if (code.empty() || code.size() > kMaxPromoCodeLength) {
    return std::nullopt;
  }
  std::string normalized;
  for (const char c : code) {
    const auto u = static_cast<unsigned char>(c);
    if (!std::isalnum(u) && c != '_' && c != '-') {
      return std::nullopt;
    }
    normalized.push_back(static_cast<char>(std::toupper(u)));
  }
  return normalized;
}

std::optional<int> ParsePercent(std::string_view text) {
  const std::optional<Money> parsed = Money::Parse(text);  // two decimals at most, no sign
  if (!parsed || parsed->cents() <= 0 || parsed->cents() > 10000) {
    return std::nullopt;
  }
  return static_cast<int>(parsed->cents());
}

std::optional<std::chrono::system_clock::time_point> ParseTimestamp(std::string_view text) {
  using std::chrono::sys_days;
  const auto time = text::ParseRfc3339(text);
  if (!time || *time < sys_days(std::chrono::year(kMinPromoYear) / 1 / 1) ||
      *time >= sys_days(std::chrono::year(kMaxPromoYear + 1) / 1 / 1)) {
    return std::nullopt;
  }
  return time;
}

}  // namespace shop::cart
