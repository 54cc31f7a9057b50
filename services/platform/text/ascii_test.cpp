#include "platform/text/ascii.hpp"

#include <gtest/gtest.h>

#include <string>

namespace shop::text {
namespace {

TEST(Ascii, ComparesIgnoringAsciiCase) {
  EXPECT_TRUE(EqualsIgnoreCase("Content-Length", "content-length"));
  EXPECT_FALSE(EqualsIgnoreCase("Content-Length", "Content-Lengths"));
  EXPECT_FALSE(EqualsIgnoreCase(std::string("a\0x", 3), std::string("a\0y", 3)));
  EXPECT_TRUE(EqualsIgnoreCase("", ""));
}

TEST(Ascii, TrimsWhitespaceOrOnlySpacesAndTabs) {
  EXPECT_EQ(TrimWhitespace(" \t\r\n value \n"), "value");
  EXPECT_EQ(TrimWhitespace("   "), "");
  EXPECT_EQ(TrimSpacesAndTabs("\t gzip, chunked \t"), "gzip, chunked");
  EXPECT_EQ(TrimSpacesAndTabs("\nx\n"), "\nx\n");
}

TEST(Ascii, ChangesTheCaseOfAsciiLettersOnly) {
  EXPECT_EQ(ToLowerAscii("Ada@Example.COM"), "ada@example.com");
  EXPECT_EQ(ToUpperAscii("summer-10_ë"), "SUMMER-10_ë");
  EXPECT_TRUE(StartsWithIgnoreCase("Bearer abc", "bearer "));
  EXPECT_FALSE(StartsWithIgnoreCase("Bear", "bearer"));
}

TEST(Ascii, KnowsWhitespace) {
  for (const char c : std::string(" \t\n\r\f\v")) {
    EXPECT_TRUE(IsAsciiSpace(c)) << int(c);
  }
  EXPECT_FALSE(IsAsciiSpace('x'));
  EXPECT_FALSE(IsAsciiSpace('\0'));
}

TEST(Ascii, SplitsCommaSeparatedListsTrimmedWithoutEmptyItems) {
  EXPECT_EQ(CommaSeparated(" a, b ,,\tc\t, "), (std::vector<std::string_view>{"a", "b", "c"}));
  EXPECT_EQ(CommaSeparated(""), std::vector<std::string_view>{});
  EXPECT_EQ(CommaSeparated("keep-alive"), std::vector<std::string_view>{"keep-alive"});
}

}  // namespace
}  // namespace shop::text
