#include "platform/http/page_cursor.hpp"

#include <gtest/gtest.h>

#include "platform/auth/base64url.hpp"

namespace shop::http {
namespace {

const PagePosition kLast{.created_us = 1733565600123456,
                         .id = "0190a3c4-1b2c-7d3e-8f40-123456789abc"};

TEST(PageCursorTest, ACursorRoundTripsThePositionAndIsUrlSafe) {
  const std::string cursor = EncodeCursor(kLast);
  EXPECT_EQ(cursor.find_first_of("+/="), std::string::npos);
  EXPECT_EQ(DecodeCursor(cursor), kLast);
}

TEST(PageCursorTest, ACursorThisServiceDidNotWriteIsRefused) {
  EXPECT_FALSE(DecodeCursor(""));
  EXPECT_FALSE(DecodeCursor("not base64!"));
  EXPECT_FALSE(DecodeCursor(auth::Base64UrlEncode("0190a3c4-1b2c-7d3e-8f40-123456789abc")));
  EXPECT_FALSE(DecodeCursor(auth::Base64UrlEncode("12.not-a-uuid")));
  EXPECT_FALSE(DecodeCursor(auth::Base64UrlEncode("x1.0190a3c4-1b2c-7d3e-8f40-123456789abc")));
  EXPECT_FALSE(DecodeCursor(auth::Base64UrlEncode(".0190a3c4-1b2c-7d3e-8f40-123456789abc")));
  EXPECT_FALSE(DecodeCursor(auth::Base64UrlEncode(
      "99999999999999999999999.0190a3c4-1b2c-7d3e-8f40-123456789abc")));  // overflows
}

TEST(PageCursorTest, PageSizeIsTwentyByDefaultAndOneToAHundred) {
  EXPECT_EQ(PageSize(std::nullopt), 20);
  EXPECT_EQ(PageSize("1"), 1);
  EXPECT_EQ(PageSize("100"), 100);
  for (const char* bad : {"", "0", "101", "-1", "2x", " 5", "5.0", "99999999999"}) {
    EXPECT_FALSE(PageSize(bad)) << bad;
  }
}

}  // namespace
}  // namespace shop::http
