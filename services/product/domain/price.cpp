#include "product/domain/price.hpp"

#include <algorithm>

namespace shop::product {
namespace {

constexpr std::size_t kMaxIntegerDigits = 10;  // numeric(12,2)

bool AllDigits(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

PriceParse Violation(std::string violation) { return {std::nullopt, std::move(violation)}; }

}  // namespace

PriceParse PriceParse::From(std::string_view text) {
  if (text.empty()) {
    return Violation("must not be empty");
  }
  if (text.front() == '-') {
    return Violation("must not be negative");
  }
  const std::size_t dot = text.find('.');
  std::string_view integer = text.substr(0, dot);
  const std::string_view fraction =
      dot == std::string_view::npos ? std::string_view() : text.substr(dot + 1);
  if (integer.empty() || !AllDigits(integer) || !AllDigits(fraction) ||
      (dot != std::string_view::npos && fraction.empty())) {
    return Violation("must be a decimal number as a string, e.g. \"12.50\"");
  }
  if (fraction.size() > 2) {
    return Violation("must have at most 2 decimal places");
  }
  while (integer.size() > 1 && integer.front() == '0') {
    integer.remove_prefix(1);
  }
  if (integer.size() > kMaxIntegerDigits) {
    return Violation("must not exceed " + std::string(kMaxPrice));
  }
  std::string canonical(integer);
  canonical += '.';
  canonical += fraction;
  canonical.append(2 - fraction.size(), '0');
  return {Price(std::move(canonical)), {}};
}

}  // namespace shop::product
