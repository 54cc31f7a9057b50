#include "events/uuid_v7.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <string>
#include <vector>

namespace shop::events {
namespace {

TEST(UuidV7Test, TextIsCanonicalLowerCaseWithVersion7AndVariant10) {
  const std::regex canonical(
      "^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
  for (int i = 0; i < 100; ++i) {
    const std::string id = NewUuidV7();
    EXPECT_TRUE(std::regex_match(id, canonical)) << id;
  }
}

TEST(UuidV7Test, TimestampFieldIsTheClockInMilliseconds) {
  UuidV7Generator generator([] { return std::int64_t{0x0123456789ab}; });
  const std::string id = FormatUuid(generator.Next());
  EXPECT_EQ(id.substr(0, 13), "01234567-89ab");
  EXPECT_EQ(UuidV7Millis(id), 0x0123456789ab);
}

TEST(UuidV7Test, NewIdCarriesTheCurrentTime) {
  const std::int64_t before = SystemUnixMillis();
  const auto millis = UuidV7Millis(NewUuidV7());
  const std::int64_t after = SystemUnixMillis();
  ASSERT_TRUE(millis.has_value());
  EXPECT_GE(*millis, before);
  EXPECT_LE(*millis, after + 1);
}

TEST(UuidV7Test, SuccessiveIdsSortInCreationOrderWithinOneMillisecond) {
  UuidV7Generator generator([] { return std::int64_t{1'700'000'000'000}; });
  std::string previous = FormatUuid(generator.Next());
  // More than the 12-bit counter holds, so the counter overflow is crossed too.
  for (int i = 0; i < 10'000; ++i) {
    const std::string next = FormatUuid(generator.Next());
    ASSERT_LT(previous, next) << "at " << i;
    previous = next;
  }
}

TEST(UuidV7Test, IdsStayOrderedWhenTheClockStepsBack) {
  std::vector<std::int64_t> times = {5'000, 6'000, 4'000, 6'000, 7'000};
  std::size_t at = 0;
  UuidV7Generator generator([&] { return times[at++]; });
  std::string previous = FormatUuid(generator.Next());
  for (std::size_t i = 1; i < times.size(); ++i) {
    const std::string next = FormatUuid(generator.Next());
    EXPECT_LT(previous, next);
    previous = next;
  }
  EXPECT_EQ(UuidV7Millis(previous), 7'000);
}

TEST(UuidV7Test, SuccessiveSystemClockIdsAreOrderedAndDistinct) {
  std::vector<std::string> ids;
  for (int i = 0; i < 1'000; ++i) {
    ids.push_back(NewUuidV7());
  }
  for (std::size_t i = 1; i < ids.size(); ++i) {
    EXPECT_LT(ids[i - 1], ids[i]);
  }
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), ids.size());
}

TEST(UuidV7Test, MillisRejectsTextThatIsNotAVersion7Uuid) {
  EXPECT_FALSE(UuidV7Millis(""));
  EXPECT_FALSE(UuidV7Millis("0189d3c5-7a1b-4c3d-8e9f-0123456789ab"));  // version 4
  EXPECT_FALSE(UuidV7Millis("0189d3c5-7a1b-7c3d-ce9f-0123456789ab"));  // variant 110
  EXPECT_FALSE(UuidV7Millis("0189d3c5-7a1b-7c3d-8e9f-0123456789aZ"));
  EXPECT_FALSE(UuidV7Millis("0189d3c5x7a1b-7c3d-8e9f-0123456789ab"));
  EXPECT_TRUE(UuidV7Millis("0189d3c5-7a1b-7c3d-8e9f-0123456789ab"));
}

}  // namespace
}  // namespace shop::events
