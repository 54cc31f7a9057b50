#include "product/domain/page_cursor.hpp"

#include <gtest/gtest.h>

namespace shop::product {
namespace {

TEST(ProductPageCursorTest, CursorRoundTripsAnId) {
  const std::string id = "0190a3c4-1b2c-7d3e-8f40-123456789abc";
  const std::string cursor = EncodeCursor(id);
  EXPECT_EQ(cursor.find_first_of("+/="), std::string::npos);
  EXPECT_EQ(DecodeCursor(cursor), id);
}

TEST(ProductPageCursorTest, GarbageCursorIsRejected) {
  EXPECT_FALSE(DecodeCursor(""));
  EXPECT_FALSE(DecodeCursor("not base64!"));
  EXPECT_FALSE(DecodeCursor("Zm9v"));  // valid base64url, but not an id
  EXPECT_FALSE(DecodeCursor("Z"));     // impossible length
  EXPECT_FALSE(DecodeCursor("Zh"));    // non-zero padding bits
}

}  // namespace
}  // namespace shop::product
