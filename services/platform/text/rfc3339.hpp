#pragma once
// RFC 3339 date-times (section 5.6), the one parser and formatter of the code base: CloudEvents'
// ce_time, promo code validity, shopctl's --since/--until, dead-letter headers. Pure.
//
//   date-time = YYYY-MM-DD "T" HH:MM:SS [ "." 1*DIGIT ] ( "Z" / ("+" / "-") HH:MM )
//
// "T" and "Z" may be lower case (RFC 3339 allows it). Checked: the calendar date exists, hours
// 00-23, minutes 00-59, seconds 00-60 (a leap second counts as the first second of the next
// minute: POSIX time has no leap seconds), offsets up to 23:59, nothing after the zone. Fractions
// keep up to nanoseconds (more digits are read and ignored).

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace shop::text {

// The instant `text` names, or nullopt when it is not an RFC 3339 date-time or the instant lies
// outside what system_clock::time_point holds (nanoseconds since 1970: 1677-09-21 to 2262-04-11).
std::optional<std::chrono::system_clock::time_point> ParseRfc3339(std::string_view text);

// True when ParseRfc3339 accepts `text`.
bool IsRfc3339(std::string_view text);

enum class Rfc3339Precision { kMilliseconds, kSeconds };

// "YYYY-MM-DDTHH:MM:SS.mmmZ" (UTC, milliseconds), or "YYYY-MM-DDTHH:MM:SSZ" with kSeconds (for
// tables); rounded down, also before 1970.
std::string FormatRfc3339Utc(std::chrono::system_clock::time_point time,
                             Rfc3339Precision precision = Rfc3339Precision::kMilliseconds);

}  // namespace shop::text
