#pragma once
// Pure rules for product fields and list parameters. Each *Violation returns why a value is not
// acceptable, or nullopt when it is.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "platform/text/uuid.hpp"

namespace shop::product {

inline constexpr std::size_t kMaxNameLength = 200;     // Unicode code points
inline constexpr std::int64_t kMaxStock = 2147483647;  // Postgres integer
inline constexpr int kDefaultPageSize = 20;
inline constexpr int kMaxPageSize = 100;

// Trims leading and trailing ASCII whitespace.
std::string TrimName(std::string_view raw);
// For a trimmed name: 1..kMaxNameLength code points.
std::optional<std::string> NameViolation(std::string_view name);
std::optional<std::string> StockViolation(std::int64_t stock);

// Ids are checked with the platform's UUID shape test.
using text::IsUuid;

// ?limit= : nullopt (absent) gives kDefaultPageSize; a decimal 1..kMaxPageSize is used as is;
// anything else is nullopt in the result (the caller answers 400).
std::optional<int> ParsePageSize(std::optional<std::string_view> raw);

}  // namespace shop::product
