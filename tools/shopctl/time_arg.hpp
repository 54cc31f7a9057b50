#pragma once
// Times given on the command line (--since, --until): RFC 3339 ("2026-11-24T10:00:00Z",
// "2026-11-24T11:00:00+01:00", optional fraction) or a relative age meaning "that long ago"
// ("90s", "15m", "2h", "7d"). Pure.

#include <chrono>
#include <string>
#include <string_view>

namespace shop::shopctl {

using TimePoint = std::chrono::system_clock::time_point;

// Throws UsageError naming `flag` when `text` is neither form.
TimePoint ParseTimeArg(std::string_view flag, std::string_view text, TimePoint now);

// "YYYY-MM-DDTHH:MM:SSZ" (UTC, whole seconds), for tables.
std::string FormatTimeSeconds(TimePoint time);

// "3s", "4m", "2h", "5d": the largest whole unit, for ages in tables.
std::string FormatAge(std::chrono::seconds age);

}  // namespace shop::shopctl
