#include "shopctl/table.hpp"

#include <gtest/gtest.h>

namespace shop::shopctl {
namespace {

TEST(Table, PadsColumnsToTheWidestCellWithoutTrailingSpaces) {
  EXPECT_EQ(FormatTable({"A", "LONG"}, {{"wide cell", "x"}, {"b", ""}}),
            "A          LONG\n"
            "wide cell  x\n"
            "b\n");
}

TEST(Table, ShortensToOneLineWithoutSplittingUtf8) {
  EXPECT_EQ(Shorten("a\nb", 10), "a b");
  EXPECT_EQ(Shorten("abcdefghij", 6), "abc...");
  EXPECT_EQ(Shorten("ab\xc3\xa9zzzz", 6), "ab...");
}

}  // namespace
}  // namespace shop::shopctl
