#include "delivery/domain/tracking_number.hpp"

#include <gtest/gtest.h>

#include <set>

namespace shop::delivery {
namespace {

TEST(TrackingNumberTest, SixtyBitsBecomeTwelveUnambiguousCharactersAfterThePrefix) {
  EXPECT_EQ(TrackingNumberOf(0), "SH000000000000");
  EXPECT_EQ(TrackingNumberOf((std::uint64_t{1} << 60) - 1), "SHZZZZZZZZZZZZ");
  EXPECT_EQ(TrackingNumberOf(31), "SH00000000000Z");
  EXPECT_EQ(TrackingNumberOf(std::uint64_t{1} << 60), "SH000000000000") << "bits above 60 unused";
  const std::string number = TrackingNumberOf(0x0123456789abcdefULL);
  EXPECT_TRUE(IsTrackingNumber(number)) << number;
  EXPECT_EQ(number.find_first_of("ILOU"), std::string::npos);
}

TEST(TrackingNumberTest, NewNumbersAreWellFormedAndDifferent) {
  std::set<std::string> numbers;
  for (int i = 0; i < 1000; ++i) {
    const std::string number = NewTrackingNumber();
    EXPECT_TRUE(IsTrackingNumber(number)) << number;
    numbers.insert(number);
  }
  EXPECT_EQ(numbers.size(), 1000u);
}

TEST(TrackingNumberTest, OtherTextIsNotATrackingNumber) {
  for (const char* text : {"", "SH", "SH00000000000", "SH0000000000000", "XX000000000000",
                           "SH00000000000I", "sh000000000000", "SH00000000000a"}) {
    EXPECT_FALSE(IsTrackingNumber(text)) << text;
  }
}

}  // namespace
}  // namespace shop::delivery
