#include "cart/domain/promo_input.hpp"

#include <gtest/gtest.h>

namespace shop::cart {
namespace {

using namespace std::chrono;

TEST(PromoInput, CodesAreUpperCasedAndLimitedToLettersDigitsDashAndUnderscore) {
  EXPECT_EQ(NormalizePromoCode("summer-10_x"), "SUMMER-10_X");
  EXPECT_FALSE(NormalizePromoCode(""));
  EXPECT_FALSE(NormalizePromoCode("two words"));
  EXPECT_FALSE(NormalizePromoCode("caf\xc3\xa9"));
  EXPECT_TRUE(NormalizePromoCode(std::string(40, 'A')));
  EXPECT_FALSE(NormalizePromoCode(std::string(41, 'A')));
}

TEST(PromoInput, PercentagesAreAboveZeroAndAtMostOneHundred) {
  EXPECT_EQ(ParsePercent("12.5"), 1250);
  EXPECT_EQ(ParsePercent("100"), 10000);
  EXPECT_EQ(ParsePercent("0.01"), 1);
  EXPECT_FALSE(ParsePercent("0"));
  EXPECT_FALSE(ParsePercent("100.01"));
  EXPECT_FALSE(ParsePercent("-5"));
  EXPECT_FALSE(ParsePercent("1.234"));
}

TEST(PromoInput, TimestampsNeedAZoneAndRespectIt) {
  const auto utc = ParseTimestamp("2026-12-01T10:00:00Z");
  ASSERT_TRUE(utc);
  EXPECT_EQ(utc->time_since_epoch(), sys_days(2026y / 12 / 1).time_since_epoch() + hours(10));
  EXPECT_EQ(ParseTimestamp("2026-12-01T11:30:00+01:30"), utc);
  EXPECT_EQ(ParseTimestamp("2026-12-01T08:00:00-02:00"), utc);
  const auto fraction = ParseTimestamp("2026-12-01T10:00:00.25Z");
  ASSERT_TRUE(fraction);
  EXPECT_EQ(*fraction - *utc, milliseconds(250));
}

TEST(PromoInput, TimestampsFromNineteenSeventyToTwentyTwoHundredAreAccepted) {
  EXPECT_TRUE(ParseTimestamp("1970-01-01T00:00:00Z"));
  EXPECT_TRUE(ParseTimestamp("2200-12-31T23:59:59.999999Z"));
}

TEST(PromoInput, MalformedTimestampsAreRefused) {
  for (const char* bad :
       {"2026-12-01", "2026-12-01T10:00:00", "2026-02-30T10:00:00Z", "2026-12-01T24:00:00Z",
        "2026-12-01T10:00:00.Z", "2026-12-01 10:00:00Z", "2026-12-01T10:00:00+0100",
        "2026-12-01T10:00:00Zjunk", "", "8370-01-01T00:00:00Z", "1969-12-31T23:59:59Z"}) {
    EXPECT_FALSE(ParseTimestamp(bad)) << bad;
  }
}

}  // namespace
}  // namespace shop::cart
