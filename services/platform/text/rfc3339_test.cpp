#include "platform/text/rfc3339.hpp"

#include <gtest/gtest.h>

namespace shop::text {
namespace {

using namespace std::chrono;
using namespace std::chrono_literals;

system_clock::time_point At(year_month_day date, system_clock::duration time_of_day = {}) {
  return sys_days(date) + time_of_day;
}

TEST(Rfc3339, ParsesUtcAndOffsetsToTheSameInstant) {
  const auto utc = At(2026y / 12 / 1, 10h);
  EXPECT_EQ(ParseRfc3339("2026-12-01T10:00:00Z"), utc);
  EXPECT_EQ(ParseRfc3339("2026-12-01T11:30:00+01:30"), utc);
  EXPECT_EQ(ParseRfc3339("2026-12-01T08:00:00-02:00"), utc);
  EXPECT_EQ(ParseRfc3339("2026-12-01T10:00:00-00:00"), utc) << "unknown local offset: UTC";
  EXPECT_EQ(ParseRfc3339("2026-12-01t10:00:00z"), utc) << "RFC 3339 allows lower case";
}

TEST(Rfc3339, AnOffsetCanMoveTheInstantAcrossMidnightAndYears) {
  EXPECT_EQ(ParseRfc3339("2026-01-01T00:30:00+01:00"), At(2025y / 12 / 31, 23h + 30min));
  EXPECT_EQ(ParseRfc3339("2025-12-31T23:30:00-01:00"), At(2026y / 1 / 1, 30min));
}

TEST(Rfc3339, KeepsFractionsDownToNanoseconds) {
  const auto base = At(2024y / 7 / 1, 12h + 34min + 56s);
  EXPECT_EQ(ParseRfc3339("2024-07-01T12:34:56.5Z"), base + 500ms);
  EXPECT_EQ(ParseRfc3339("2024-07-01T12:34:56.789Z"), base + 789ms);
  EXPECT_EQ(ParseRfc3339("2024-07-01T12:34:56.123456+00:00"), base + 123456us);
  EXPECT_EQ(ParseRfc3339("2024-07-01T12:34:56.123456789Z"), base + 123456789ns);
  EXPECT_EQ(ParseRfc3339("2024-07-01T12:34:56.1234567891234Z"), base + 123456789ns)
      << "digits past nanoseconds are read and ignored";
}

TEST(Rfc3339, ChecksTheCalendarAndTheClock) {
  EXPECT_TRUE(ParseRfc3339("2024-02-29T00:00:00Z")) << "a leap day";
  EXPECT_EQ(ParseRfc3339("2016-12-31T23:59:60Z"), At(2017y / 1 / 1)) << "a leap second";
  for (const char* bad : {"2023-02-29T00:00:00Z", "2026-02-30T10:00:00Z", "2026-13-01T00:00:00Z",
                          "2026-00-10T00:00:00Z", "2026-12-00T00:00:00Z", "2026-12-01T24:00:00Z",
                          "2026-12-01T10:60:00Z", "2026-12-01T10:00:61Z",
                          "2026-12-01T10:00:00+24:00", "2026-12-01T10:00:00+01:60"}) {
    EXPECT_FALSE(ParseRfc3339(bad)) << bad;
  }
}

TEST(Rfc3339, RefusesWhatIsNotTheFormat) {
  for (const char* bad :
       {"", "2026-12-01", "2026-12-01T10:00:00", "2026-12-01 10:00:00Z", "2026-12-01T10:00Z",
        "2026-12-01T10:00:00.Z", "2026-12-01T10:00:00+0100", "2026-12-01T10:00:00+01",
        "2026-12-01T10:00:00Zjunk", "2026-12-01T10:00:00+01:00 ", " 2026-12-01T10:00:00Z",
        "26-12-01T10:00:00Z", "2026-1-01T10:00:00Z", "2026/12/01T10:00:00Z",
        "+2026-12-01T10:00:00Z", "2026-12-01T10:00:00UTC", "2026-12-01T1a:00:00Z"}) {
    EXPECT_FALSE(ParseRfc3339(bad)) << bad;
    EXPECT_FALSE(IsRfc3339(bad)) << bad;
  }
}

TEST(Rfc3339, RefusesInstantsTheClockCannotHold) {
  EXPECT_TRUE(ParseRfc3339("1677-09-22T00:00:00Z"));
  EXPECT_TRUE(ParseRfc3339("2262-04-10T23:59:59.999999999Z"));
  EXPECT_FALSE(ParseRfc3339("2262-04-12T00:00:00Z"));
  EXPECT_FALSE(ParseRfc3339("8370-01-01T00:00:00Z"));
  EXPECT_FALSE(ParseRfc3339("9999-12-31T23:59:59Z"));
  EXPECT_FALSE(ParseRfc3339("0000-01-01T00:00:00Z"));
  EXPECT_FALSE(ParseRfc3339("1677-09-20T00:00:00Z"));
}

TEST(Rfc3339, FormatsUtcWithMilliseconds) {
  EXPECT_EQ(FormatRfc3339Utc(At(2024y / 7 / 1, 12h + 34min + 56s + 789ms)),
            "2024-07-01T12:34:56.789Z");
  EXPECT_EQ(FormatRfc3339Utc(system_clock::time_point{}), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(FormatRfc3339Utc(At(2024y / 7 / 1, 999999us)), "2024-07-01T00:00:00.999Z")
      << "rounded down";
  EXPECT_EQ(FormatRfc3339Utc(system_clock::time_point{} - 1ms), "1969-12-31T23:59:59.999Z");
}

TEST(Rfc3339, FormatsWholeSecondsForTables) {
  EXPECT_EQ(FormatRfc3339Utc(At(2026y / 11 / 24, 10h + 1500ms), Rfc3339Precision::kSeconds),
            "2026-11-24T10:00:01Z");
}

TEST(Rfc3339, WhatItFormatsItParsesBack) {
  const auto now = floor<milliseconds>(system_clock::now());
  EXPECT_EQ(ParseRfc3339(FormatRfc3339Utc(now)), now);
  EXPECT_TRUE(IsRfc3339(FormatRfc3339Utc(now)));
}

}  // namespace
}  // namespace shop::text
