#include "shopctl/time_arg.hpp"

#include <charconv>
#include <cstdint>
#include <cstdio>
#include <optional>

#include "events/cloud_event.hpp"
#include "shopctl/exit_codes.hpp"

namespace shop::shopctl {
namespace {

std::optional<int> Digits(std::string_view text, std::size_t pos, std::size_t count) {
  int value = 0;
  if (pos + count > text.size()) {
    return std::nullopt;
  }
  const auto [end, ec] = std::from_chars(text.data() + pos, text.data() + pos + count, value);
  if (ec != std::errc() || end != text.data() + pos + count) {
    return std::nullopt;
  }
  return value;
}

std::optional<TimePoint> ParseRfc3339(std::string_view text) {
  if (!events::LooksLikeRfc3339(text)) {
    return std::nullopt;
  }
  const auto year = Digits(text, 0, 4), month = Digits(text, 5, 2), day = Digits(text, 8, 2);
  const auto hour = Digits(text, 11, 2), minute = Digits(text, 14, 2), second = Digits(text, 17, 2);
  if (!year || !month || !day || !hour || !minute || !second) {
    return std::nullopt;
  }
  const std::chrono::year_month_day date{std::chrono::year(*year),
                                         std::chrono::month(static_cast<unsigned>(*month)),
                                         std::chrono::day(static_cast<unsigned>(*day))};
  if (!date.ok() || *hour > 23 || *minute > 59 || *second > 60) {
    return std::nullopt;
  }
  std::size_t pos = 19;
  std::chrono::nanoseconds fraction{0};
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    std::int64_t scale = 100000000;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      fraction += std::chrono::nanoseconds((text[pos] - '0') * scale);
      scale /= 10;
      ++pos;
    }
  }
  std::chrono::minutes offset{0};
  if (text[pos] != 'Z' && text[pos] != 'z') {
    const auto off_hour = Digits(text, pos + 1, 2), off_minute = Digits(text, pos + 4, 2);
    if (!off_hour || !off_minute || *off_hour > 23 || *off_minute > 59) {
      return std::nullopt;
    }
    offset = std::chrono::hours(*off_hour) + std::chrono::minutes(*off_minute);
    if (text[pos] == '-') {
      offset = -offset;
    }
  }
  const auto local = std::chrono::sys_days(date) + std::chrono::hours(*hour) +
                     std::chrono::minutes(*minute) + std::chrono::seconds(*second);
  return std::chrono::time_point_cast<TimePoint::duration>(local - offset + fraction);
}

std::optional<std::chrono::seconds> ParseAge(std::string_view text) {
  if (text.size() < 2) {
    return std::nullopt;
  }
  std::int64_t amount = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size() - 1, amount);
  if (ec != std::errc() || end != text.data() + text.size() - 1 || amount < 0 ||
      amount > 100LL * 365 * 86400) {
    return std::nullopt;
  }
  switch (text.back()) {
    case 's':
      return std::chrono::seconds(amount);
    case 'm':
      return std::chrono::minutes(amount);
    case 'h':
      return std::chrono::hours(amount);
    case 'd':
      return std::chrono::hours(24 * amount);
    default:
      return std::nullopt;
  }
}

}  // namespace

TimePoint ParseTimeArg(std::string_view flag, std::string_view text, TimePoint now) {
  if (const auto age = ParseAge(text)) {
    return now - *age;
  }
  if (const auto time = ParseRfc3339(text)) {
    return *time;
  }
  throw UsageError(std::string(flag) + ": \"" + std::string(text) +
                   "\" is not a time; use RFC 3339 (2026-11-24T10:00:00Z) or an age such as 15m, "
                   "2h or 7d");
}

std::string FormatTimeSeconds(TimePoint time) {
  const auto seconds = std::chrono::floor<std::chrono::seconds>(time);
  const auto days = std::chrono::floor<std::chrono::days>(seconds);
  const std::chrono::year_month_day date{days};
  const std::chrono::hh_mm_ss clock{seconds - days};
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02dZ", int(date.year()),
                unsigned(date.month()), unsigned(date.day()), int(clock.hours().count()),
                int(clock.minutes().count()), int(clock.seconds().count()));
  return buffer;
}

std::string FormatAge(std::chrono::seconds age) {
  const auto count = age.count();
  if (count >= 2 * 86400) {
    return std::to_string(count / 86400) + "d";
  }
  if (count >= 2 * 3600) {
    return std::to_string(count / 3600) + "h";
  }
  if (count >= 2 * 60) {
    return std::to_string(count / 60) + "m";
  }
  return std::to_string(count) + "s";
}

}  // namespace shop::shopctl
