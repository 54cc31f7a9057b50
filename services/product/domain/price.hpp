#pragma once
// Prices as exact decimals. A price travels as a JSON string ("12.50") in requests, responses
// and events, and is stored as numeric(12,2): it is never a double anywhere in the service.

#include <optional>
#include <string>
#include <string_view>

namespace shop::product {

// Largest price numeric(12,2) holds.
inline constexpr std::string_view kMaxPrice = "9999999999.99";

// A validated price in canonical form: no sign, no leading zeros (except "0"), exactly two
// fraction digits ("12.50", "0.99"). Immutable; comparable as a value.
class Price {
 public:
  const std::string& text() const { return text_; }
  friend bool operator==(const Price&, const Price&) = default;

 private:
  friend struct PriceParse;
  explicit Price(std::string text) : text_(std::move(text)) {}
  std::string text_;
};

// Either a Price or why the input is not one ("must have at most 2 decimal places", ...).
struct PriceParse {
  std::optional<Price> price;
  std::string violation;  // empty when `price` is set

  // Accepts ASCII digits with an optional '.' followed by 1 or 2 digits: "10", "0.99", "12.5".
  // Rejects signs (so negatives), exponents, whitespace, "", ".5", "5.", more than 2 decimals
  // and values above kMaxPrice.
  static PriceParse From(std::string_view text);
};

}  // namespace shop::product
