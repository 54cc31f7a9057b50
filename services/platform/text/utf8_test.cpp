#include "platform/text/utf8.hpp"

#include <gtest/gtest.h>

namespace shop::text {
namespace {

TEST(Utf8, CountsCodePointsNotBytes) {
  EXPECT_EQ(CodePoints(""), 0U);
  EXPECT_EQ(CodePoints("Ada"), 3U);
  EXPECT_EQ(CodePoints("Zoë"), 3U);               // ë: 2 bytes
  EXPECT_EQ(CodePoints("€5"), 2U);                // €: 3 bytes
  EXPECT_EQ(CodePoints("\xF0\x9F\x8C\xB1"), 1U);  // 🌱: 4 bytes
}

TEST(Utf8, TruncatesWithoutCuttingASequence) {
  EXPECT_EQ(TruncateUtf8("short", 10), "short");
  EXPECT_EQ(TruncateUtf8("abcdef", 3), "abc");
  EXPECT_EQ(TruncateUtf8("a€b", 3), "a") << "€ takes bytes 1..3: all or nothing";
  EXPECT_EQ(TruncateUtf8("a€b", 4), "a€");
  EXPECT_EQ(TruncateUtf8("€", 0), "");
}

}  // namespace
}  // namespace shop::text
