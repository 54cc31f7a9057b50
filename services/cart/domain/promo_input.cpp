#include "cart/domain/promo_input.hpp"

#include <cctype>
#include <charconv>

namespace shop::cart {
namespace {

// Reads exactly `width` digits of `text` at `pos`.
std::optional<int> Digits(std::string_view text, std::size_t pos, std::size_t width) {
  if (pos + width > text.size()) {
    return std::nullopt;
  }
  int value = 0;
  for (std::size_t i = pos; i < pos + width; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) {
      return std::nullopt;
    }
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

bool At(std::string_view text, std::size_t pos, char expected) {
  return pos < text.size() && text[pos] == expected;
}

}  // namespace

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
  const auto year = Digits(text, 0, 4);
  const auto month = Digits(text, 5, 2);
  const auto day = Digits(text, 8, 2);
  const auto hour = Digits(text, 11, 2);
  const auto minute = Digits(text, 14, 2);
  const auto second = Digits(text, 17, 2);
  if (!year || !month || !day || !hour || !minute || !second || !At(text, 4, '-') ||
      !At(text, 7, '-') || !(At(text, 10, 'T') || At(text, 10, 't')) || !At(text, 13, ':') ||
      !At(text, 16, ':') || *hour > 23 || *minute > 59 || *second > 59 || *year < kMinPromoYear ||
      *year > kMaxPromoYear) {
    return std::nullopt;
  }
  const std::chrono::year_month_day date{std::chrono::year(*year),
                                         std::chrono::month(static_cast<unsigned>(*month)),
                                         std::chrono::day(static_cast<unsigned>(*day))};
  if (!date.ok()) {
    return std::nullopt;
  }
  std::size_t pos = 19;
  std::chrono::microseconds fraction{0};
  if (At(text, pos, '.')) {
    ++pos;
    long long scale = 100000;
    const std::size_t start = pos;
    while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) {
      fraction += std::chrono::microseconds((text[pos] - '0') * scale);
      scale /= 10;
      ++pos;
    }
    if (pos == start) {
      return std::nullopt;
    }
  }
  std::chrono::minutes offset{0};
  if (At(text, pos, 'Z') || At(text, pos, 'z')) {
    ++pos;
  } else if (At(text, pos, '+') || At(text, pos, '-')) {
    const auto offset_hours = Digits(text, pos + 1, 2);
    const auto offset_minutes = Digits(text, pos + 4, 2);
    if (!offset_hours || !offset_minutes || !At(text, pos + 3, ':') || *offset_hours > 23 ||
        *offset_minutes > 59) {
      return std::nullopt;
    }
    offset = std::chrono::hours(*offset_hours) + std::chrono::minutes(*offset_minutes);
    if (text[pos] == '-') {
      offset = -offset;
    }
    pos += 6;
  } else {
    return std::nullopt;
  }
  if (pos != text.size()) {
    return std::nullopt;
  }
  const auto local = std::chrono::sys_days(date) + std::chrono::hours(*hour) +
                     std::chrono::minutes(*minute) + std::chrono::seconds(*second) + fraction;
  return std::chrono::time_point_cast<std::chrono::system_clock::duration>(local - offset);
}

}  // namespace shop::cart
