#pragma once
// Money as an exact count of cents (DESIGN.md: money is never floating point). Travels as a
// decimal string with two fraction digits ("12.50"), like product prices.

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace shop::cart {

class Money {
 public:
  constexpr Money() = default;
  static constexpr Money Cents(std::int64_t cents) { return Money(cents); }
  // "12.50", "12.5", "12" (no sign, at most two decimals, at most 10 integer digits); nullopt
  // otherwise.
  static std::optional<Money> Parse(std::string_view text);

  constexpr std::int64_t cents() const { return cents_; }
  std::string ToString() const;  // "12.50"; negative amounts get a leading '-'

  friend constexpr Money operator+(Money a, Money b) { return Money(a.cents_ + b.cents_); }
  friend constexpr Money operator-(Money a, Money b) { return Money(a.cents_ - b.cents_); }
  friend constexpr Money operator*(Money a, std::int64_t n) { return Money(a.cents_ * n); }
  Money& operator+=(Money other) {
    cents_ += other.cents_;
    return *this;
  }
  friend constexpr auto operator<=>(Money, Money) = default;

 private:
  constexpr explicit Money(std::int64_t cents) : cents_(cents) {}
  std::int64_t cents_ = 0;
};

}  // namespace shop::cart
