#pragma once
// Checks of what an admin sends to create a promo code. Pure; each returns nullopt when the input
// is not acceptable, and the caller names the field in its 422.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "cart/domain/money.hpp"

namespace shop::cart {

inline constexpr std::size_t kMaxPromoCodeLength = 40;

// Codes are case-insensitive: "summer-10" is stored and matched as "SUMMER-10". Letters, digits,
// '_' and '-', 1 to 40 of them.
std::optional<std::string> NormalizePromoCode(std::string_view code);

// A percentage as a decimal string ("12.5" = 12.5 %), above 0 and at most 100, in hundredths of a
// percent (1250).
std::optional<int> ParsePercent(std::string_view text);

// An RFC 3339 date-time with a time zone ("2026-12-01T00:00:00Z", "...T01:00:00.5+01:00";
// platform/text/rfc3339.hpp), from the start of kMinPromoYear to the end of kMaxPromoYear in UTC
// (system_clock counts nanoseconds: it ends in 2262).
inline constexpr int kMinPromoYear = 1970;
inline constexpr int kMaxPromoYear = 2200;
std::optional<std::chrono::system_clock::time_point> ParseTimestamp(std::string_view text);

}  // namespace shop::cart
