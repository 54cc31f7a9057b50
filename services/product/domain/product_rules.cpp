#include "product/domain/product_rules.hpp"

#include <charconv>

#include "platform/text/ascii.hpp"
#include "platform/text/utf8.hpp"

namespace shop::product {

std::string TrimName(std::string_view raw) { return std::string(text::TrimWhitespace(raw)); }

std::optional<std::string> NameViolation(std::string_view name) {
  if (name.empty()) {
    return "must not be empty";
  }
  if (text::CodePoints(name) > kMaxNameLength) {
    return "must be at most " + std::to_string(kMaxNameLength) + " characters";
  }
  return std::nullopt;
}

std::optional<std::string> StockViolation(std::int64_t stock) {
  if (stock < 0) {
    return "must not be negative";
  }
  if (stock > kMaxStock) {
    return "must be at most " + std::to_string(kMaxStock);
  }
  return std::nullopt;
}

std::optional<int> ParsePageSize(std::optional<std::string_view> raw) {
  if (!raw) {
    return kDefaultPageSize;
  }
  int value = 0;
  const char* end = raw->data() + raw->size();
  const auto [ptr, ec] = std::from_chars(raw->data(), end, value);
  if (raw->empty() || ec != std::errc() || ptr != end || value < 1 || value > kMaxPageSize) {
    return std::nullopt;
  }
  return value;
}

}  // namespace shop::product
