#include "product/domain/product_rules.hpp"

#include <gtest/gtest.h>

namespace shop::product {
namespace {

TEST(ProductRulesTest, NameIsTrimmed) { EXPECT_EQ(TrimName("  Lamp \t"), "Lamp"); }

TEST(ProductRulesTest, EmptyNameIsRejected) {
  EXPECT_EQ(NameViolation(""), "must not be empty");
  EXPECT_EQ(NameViolation(TrimName("   ")), "must not be empty");
}

TEST(ProductRulesTest, NameLengthCountsCodePointsNotBytes) {
  EXPECT_FALSE(NameViolation(std::string(200, 'a')));
  EXPECT_TRUE(NameViolation(std::string(201, 'a')));
  std::string umlauts;
  for (int i = 0; i < 200; ++i) {
    umlauts += "\xC3\xA4";  // 400 bytes, 200 code points
  }
  EXPECT_FALSE(NameViolation(umlauts));
}

TEST(ProductRulesTest, StockMustFitANonNegativeInteger) {
  EXPECT_FALSE(StockViolation(0));
  EXPECT_FALSE(StockViolation(kMaxStock));
  EXPECT_EQ(StockViolation(-1), "must not be negative");
  EXPECT_TRUE(StockViolation(kMaxStock + 1));
}

TEST(ProductRulesTest, UuidSyntax) {
  EXPECT_TRUE(IsUuid("0190a3c4-1b2c-7d3e-8f40-123456789abc"));
  EXPECT_FALSE(IsUuid("0190a3c4-1b2c-7d3e-8f40-123456789ab"));
  EXPECT_FALSE(IsUuid("0190a3c4x1b2c-7d3e-8f40-123456789abc"));
  EXPECT_FALSE(IsUuid("0190a3c4-1b2c-7d3e-8f40-123456789abg"));
}

TEST(ProductRulesTest, PageSizeDefaultsAndBounds) {
  EXPECT_EQ(ParsePageSize(std::nullopt), kDefaultPageSize);
  EXPECT_EQ(ParsePageSize("1"), 1);
  EXPECT_EQ(ParsePageSize("100"), 100);
  for (const char* bad : {"0", "101", "-1", "", "ten", "5x", " 5"}) {
    EXPECT_FALSE(ParsePageSize(std::string_view(bad))) << bad;
  }
}

}  // namespace
}  // namespace shop::product
