#include "shopctl/time_arg.hpp"

#include <gtest/gtest.h>

#include "shopctl/exit_codes.hpp"

namespace shop::shopctl {
namespace {

using namespace std::chrono_literals;

const TimePoint kNow = std::chrono::sys_days(std::chrono::year(2026) / 11 / 24) + 10h;

TEST(TimeArg, AcceptsRfc3339InUtcAndWithOffsets) {
  EXPECT_EQ(ParseTimeArg("--since", "2026-11-24T10:00:00Z", kNow), kNow);
  EXPECT_EQ(ParseTimeArg("--since", "2026-11-24T11:30:00+01:30", kNow), kNow);
  EXPECT_EQ(ParseTimeArg("--since", "2026-11-24T09:00:00.250-01:00", kNow), kNow + 250ms);
}

TEST(TimeArg, ReadsRelativeAgesAsThatLongAgo) {
  EXPECT_EQ(ParseTimeArg("--since", "90s", kNow), kNow - 90s);
  EXPECT_EQ(ParseTimeArg("--since", "15m", kNow), kNow - 15min);
  EXPECT_EQ(ParseTimeArg("--since", "2h", kNow), kNow - 2h);
  EXPECT_EQ(ParseTimeArg("--since", "7d", kNow), kNow - 168h);
}

TEST(TimeArg, RejectsBadTimesWithAUsageErrorNamingTheFlag) {
  for (const char* bad : {"", "yesterday", "15", "m", "-5m", "5w", "2026-13-01T00:00:00Z",
                          "2026-02-30T00:00:00Z", "2026-11-24 10:00:00Z", "2026-11-24T25:00:00Z"}) {
    try {
      ParseTimeArg("--until", bad, kNow);
      ADD_FAILURE() << "accepted " << bad;
    } catch (const UsageError& e) {
      EXPECT_NE(std::string(e.what()).find("--until"), std::string::npos);
      EXPECT_EQ(e.code(), ExitCode::kUsage);
    }
  }
}

TEST(TimeArg, FormatsSecondsAndAges) {
  EXPECT_EQ(FormatTimeSeconds(kNow + 1500ms), "2026-11-24T10:00:01Z");
  EXPECT_EQ(FormatAge(45s), "45s");
  EXPECT_EQ(FormatAge(600s), "10m");
  EXPECT_EQ(FormatAge(3h), "3h");
  EXPECT_EQ(FormatAge(72h), "3d");
}

}  // namespace
}  // namespace shop::shopctl
