#include "cart/domain/money.hpp"

#include <cstdlib>

namespace shop::cart {

std::optional<Money> Money::Parse(std::string_view text) {
  const std::size_t dot = text.find('.');
  const std::string_view whole = text.substr(0, dot);
  const std::string_view fraction =
      dot == std::string_view::npos ? std::string_view() : text.substr(dot + 1);
  const auto all_digits = [](std::string_view part) {
    for (const char c : part) {
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  };
  if (whole.empty() || whole.size() > 10 || !all_digits(whole) || !all_digits(fraction) ||
      (dot != std::string_view::npos && (fraction.empty() || fraction.size() > 2))) {
    return std::nullopt;
  }
  std::int64_t cents = 0;
  for (const char c : whole) {
    cents = cents * 10 + (c - '0');
  }
  cents *= 100;
  if (!fraction.empty()) {
    cents += (fraction[0] - '0') * 10;
    if (fraction.size() == 2) {
      cents += fraction[1] - '0';
    }
  }
  return Money(cents);
}

std::string Money::ToString() const {
  const std::int64_t magnitude = std::llabs(cents_);
  std::string text = std::to_string(magnitude / 100) + ".";
  const std::int64_t rest = magnitude % 100;
  text += static_cast<char>('0' + rest / 10);
  text += static_cast<char>('0' + rest % 10);
  return cents_ < 0 ? "-" + text : text;
}

}  // namespace shop::cart
