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

}  // namespace
}  // namespace shop::text
