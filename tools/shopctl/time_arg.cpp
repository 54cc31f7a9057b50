#include "shopctl/time_arg.hpp"

#include <charconv>
#include <cstdint>
#include <optional>

#include "platform/text/rfc3339.hpp"
#include "shopctl/exit_codes.hpp"

namespace shop::shopctl {
namespace {

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
  if (const auto time = text::ParseRfc3339(text)) {
    return *time;
  }
  throw UsageError(std::string(flag) + ": \"" + std::string(text) +
                   "\" is not a time; use RFC 3339 (2026-11-24T10:00:00Z) or an age such as 15m, "
                   "2h or 7d");
}

std::string FormatTimeSeconds(TimePoint time) {
  return text::FormatRfc3339Utc(time, text::Rfc3339Precision::kSeconds);
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
