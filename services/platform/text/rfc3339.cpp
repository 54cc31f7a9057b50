#include "platform/text/rfc3339.hpp"

#include <cstdint>
#include <cstdio>
#include <limits>

namespace shop::text {
namespace {

using Clock = std::chrono::system_clock;

// Reads RFC 3339 left to right; every method consumes what it read or reports failure.
class Reader {
 public:
  explicit Reader(std::string_view text) : text_(text) {}

  // Exactly `width` decimal digits.
  std::optional<int> Digits(std::size_t width) {
    if (pos_ + width > text_.size()) {
      return std::nullopt;
    }
    int value = 0;
    for (std::size_t end = pos_ + width; pos_ < end; ++pos_) {
      if (!IsDigit(text_[pos_])) {
        return std::nullopt;
      }
      value = value * 10 + (text_[pos_] - '0');
    }
    return value;
  }
  // One of `accepted` (e.g. "Tt"), consumed; or nothing consumed and false.
  bool Either(std::string_view accepted) {
    if (pos_ < text_.size() && accepted.find(text_[pos_]) != std::string_view::npos) {
      ++pos_;
      return true;
    }
    return false;
  }
  char Previous() const { return text_[pos_ - 1]; }
  // "." and at least one digit; nanoseconds from the first nine.
  std::optional<std::chrono::nanoseconds> Fraction() {
    const std::size_t start = pos_;
    std::int64_t nanos = 0;
    std::int64_t scale = 100'000'000;
    while (pos_ < text_.size() && IsDigit(text_[pos_])) {
      nanos += (text_[pos_] - '0') * scale;
      scale /= 10;
      ++pos_;
    }
    if (pos_ == start) {
      return std::nullopt;
    }
    return std::chrono::nanoseconds(nanos);
  }
  bool AtEnd() const { return pos_ == text_.size(); }

 private:
  static bool IsDigit(char c) { return c >= '0' && c <= '9'; }

  std::string_view text_;
  std::size_t pos_ = 0;
};

struct Fields {
  std::chrono::year_month_day date;
  int hour = 0, minute = 0, second = 0;
  std::chrono::nanoseconds fraction{0};
  std::chrono::minutes offset{0};  // local time minus UTC
};

// "Z" (UTC) or "+HH:MM" / "-HH:MM": local time minus UTC.
std::optional<std::chrono::minutes> Offset(Reader& in) {
  if (in.Either("Zz")) {
    return std::chrono::minutes(0);
  }
  if (!in.Either("+-")) {
    return std::nullopt;
  }
  const bool negative = in.Previous() == '-';
  const auto hours = in.Digits(2);
  const bool colon = in.Either(":");
  const auto minutes = in.Digits(2);
  if (!hours || !colon || !minutes || *hours > 23 || *minutes > 59) {
    return std::nullopt;
  }
  const std::chrono::minutes offset = std::chrono::hours(*hours) + std::chrono::minutes(*minutes);
  return negative ? -offset : offset;
}

std::optional<Fields> Read(std::string_view text) {
  Reader in(text);
  const auto year = in.Digits(4);
  const bool dash1 = in.Either("-");
  const auto month = in.Digits(2);
  const bool dash2 = in.Either("-");
  const auto day = in.Digits(2);
  const bool t = in.Either("Tt");
  const auto hour = in.Digits(2);
  const bool colon1 = in.Either(":");
  const auto minute = in.Digits(2);
  const bool colon2 = in.Either(":");
  const auto second = in.Digits(2);
  if (!year || !dash1 || !month || !dash2 || !day || !t || !hour || !colon1 || !minute || !colon2 ||
      !second || *hour > 23 || *minute > 59 || *second > 60) {
    return std::nullopt;
  }
  Fields fields{.date = std::chrono::year(*year) / std::chrono::month(unsigned(*month)) /
                        std::chrono::day(unsigned(*day)),
                .hour = *hour,
                .minute = *minute,
                .second = *second};
  if (!fields.date.ok()) {
    return std::nullopt;
  }
  if (in.Either(".")) {
    const auto fraction = in.Fraction();
    if (!fraction) {
      return std::nullopt;
    }
    fields.fraction = *fraction;
  }
  const auto offset = Offset(in);
  if (!offset) {
    return std::nullopt;
  }
  fields.offset = *offset;
  if (!in.AtEnd()) {
    return std::nullopt;
  }
  return fields;
}

}  // namespace

std::optional<Clock::time_point> ParseRfc3339(std::string_view text) {
  const std::optional<Fields> fields = Read(text);
  if (!fields) {
    return std::nullopt;
  }
  // Whole seconds first (std::int64_t seconds cannot overflow for years 0000-9999), then the
  // range of the clock's nanoseconds.
  const std::chrono::sys_seconds utc =
      std::chrono::sys_days(fields->date) + std::chrono::hours(fields->hour) +
      std::chrono::minutes(fields->minute) + std::chrono::seconds(fields->second) - fields->offset;
  using Duration = Clock::duration;
  constexpr auto kMin = std::chrono::duration_cast<std::chrono::seconds>(Duration::min());
  constexpr auto kMax = std::chrono::duration_cast<std::chrono::seconds>(Duration::max());
  const std::chrono::seconds since_epoch = utc.time_since_epoch();
  if (since_epoch <= kMin || since_epoch >= kMax) {
    return std::nullopt;
  }
  return Clock::time_point(std::chrono::duration_cast<Duration>(since_epoch) +
                           std::chrono::duration_cast<Duration>(fields->fraction));
}

bool IsRfc3339(std::string_view text) { return ParseRfc3339(text).has_value(); }

std::string FormatRfc3339Utc(Clock::time_point time, Rfc3339Precision precision) {
  const auto millis = std::chrono::floor<std::chrono::milliseconds>(time);
  const auto days = std::chrono::floor<std::chrono::days>(millis);
  const std::chrono::year_month_day date{days};
  const std::chrono::hh_mm_ss clock{millis - days};
  char buffer[40];
  const int length =
      std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02d", int(date.year()),
                    unsigned(date.month()), unsigned(date.day()), int(clock.hours().count()),
                    int(clock.minutes().count()), int(clock.seconds().count()));
  std::string formatted(buffer, static_cast<std::size_t>(length));
  if (precision == Rfc3339Precision::kMilliseconds) {
    std::snprintf(buffer, sizeof buffer, ".%03d", int(clock.subseconds().count()));
    formatted += buffer;
  }
  return formatted + "Z";
}

}  // namespace shop::text
