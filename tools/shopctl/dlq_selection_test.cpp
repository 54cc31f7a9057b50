#include "shopctl/dlq_selection.hpp"

#include <gtest/gtest.h>

namespace shop::shopctl {
namespace {

using namespace std::chrono_literals;

const TimePoint kT0 = std::chrono::sys_days(std::chrono::year(2026) / 11 / 24);

DlqRecord Record(std::int64_t offset, TimePoint at, const std::string& topic,
                 const std::string& error_class) {
  return DlqRecord{.topic = "g.dlq",
                   .partition = 0,
                   .offset = offset,
                   .timestamp = at,
                   .key = "k",
                   .value = "{}",
                   .headers = {{"dlq_original_topic", topic}, {"dlq_error_class", error_class}}};
}

TEST(DlqSelection, AnEmptySelectionTakesEverything) {
  EXPECT_TRUE(Selects({}, Record(3, kT0, "a", "decode")));
}

TEST(DlqSelection, OffsetsAndRangesAreInclusive) {
  EXPECT_TRUE(Selects({.offset = 3}, Record(3, kT0, "a", "decode")));
  EXPECT_FALSE(Selects({.offset = 4}, Record(3, kT0, "a", "decode")));
  const DlqSelection range{.from_offset = 2, .to_offset = 4};
  EXPECT_FALSE(Selects(range, Record(1, kT0, "a", "x")));
  EXPECT_TRUE(Selects(range, Record(2, kT0, "a", "x")));
  EXPECT_TRUE(Selects(range, Record(4, kT0, "a", "x")));
  EXPECT_FALSE(Selects(range, Record(5, kT0, "a", "x")));
}

TEST(DlqSelection, TimeWindowIsSinceInclusiveUntilExclusive) {
  const DlqSelection window{.since = kT0, .until = kT0 + 1h};
  EXPECT_FALSE(Selects(window, Record(0, kT0 - 1ms, "a", "x")));
  EXPECT_TRUE(Selects(window, Record(0, kT0, "a", "x")));
  EXPECT_FALSE(Selects(window, Record(0, kT0 + 1h, "a", "x")));
  DlqRecord untimed = Record(0, kT0, "a", "x");
  untimed.timestamp.reset();
  EXPECT_FALSE(Selects(window, untimed));
}

TEST(DlqSelection, FiltersByOriginalTopicAndErrorClass) {
  const DlqSelection s{.original_topic = std::string("category.updated"),
                       .error_class = std::string("permanent")};
  EXPECT_TRUE(Selects(s, Record(0, kT0, "category.updated", "permanent")));
  EXPECT_FALSE(Selects(s, Record(0, kT0, "category.created", "permanent")));
  EXPECT_FALSE(Selects(s, Record(0, kT0, "category.updated", "decode")));
  EXPECT_EQ(
      Select(s, {Record(0, kT0, "category.updated", "permanent"), Record(1, kT0, "x", "permanent")})
          .size(),
      1u);
}

}  // namespace
}  // namespace shop::shopctl
