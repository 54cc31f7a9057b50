#include "product/domain/page_cursor.hpp"

#include <gtest/gtest.h>

namespace shop::product {
namespace {

TEST(ProductPageCursorTest, Base64UrlMatchesRfc4648Vectors) {
  EXPECT_EQ(Base64UrlEncode(""), "");
  EXPECT_EQ(Base64UrlEncode("f"), "Zg");
  EXPECT_EQ(Base64UrlEncode("fo"), "Zm8");
  EXPECT_EQ(Base64UrlEncode("foo"), "Zm9v");
  EXPECT_EQ(Base64UrlEncode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(Base64UrlEncode("\xfb\xff"), "-_8");  // url-safe alphabet
  EXPECT_EQ(Base64UrlDecode("Zm9vYg"), "foob");
}

TEST(ProductPageCursorTest, CursorRoundTripsAnId) {
  const std::string id = "0190a3c4-1b2c-7d3e-8f40-123456789abc";
  const std::string cursor = EncodeCursor(id);
  EXPECT_EQ(cursor.find_first_of("+/="), std::string::npos);
  EXPECT_EQ(DecodeCursor(cursor), id);
}

TEST(ProductPageCursorTest, GarbageCursorIsRejected) {
  EXPECT_FALSE(DecodeCursor(""));
  EXPECT_FALSE(DecodeCursor("not base64!"));
  EXPECT_FALSE(DecodeCursor("Zm9v"));   // valid base64url, but not an id
  EXPECT_FALSE(DecodeCursor("Z"));      // impossible length
  EXPECT_FALSE(Base64UrlDecode("Zh"));  // non-zero padding bits
}

}  // namespace
}  // namespace shop::product
