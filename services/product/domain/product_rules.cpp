#include "product/domain/product_rules.hpp"

#include <algorithm>
#include <charconv>

namespace shop::product {
namespace {

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::size_t CodePoints(std::string_view text) {
  // Continuation bytes (10xxxxxx) do not start a code point; the body parser has checked UTF-8.
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

}  // namespace

std::string TrimName(std::string_view raw) {
  while (!raw.empty() && IsSpace(raw.front())) {
    raw.remove_prefix(1);
  }
  while (!raw.empty() && IsSpace(raw.back())) {
    raw.remove_suffix(1);
  }
  return std::string(raw);
}

std::optional<std::string> NameViolation(std::string_view name) {
  if (name.empty()) {
    return "must not be empty";
  }
  if (CodePoints(name) > kMaxNameLength) {
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
