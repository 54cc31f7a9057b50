#include "product/domain/price.hpp"

#include <gtest/gtest.h>

namespace shop::product {
namespace {

std::string Canonical(std::string_view text) {
  const PriceParse parsed = PriceParse::From(text);
  EXPECT_TRUE(parsed.price) << text << ": " << parsed.violation;
  return parsed.price ? parsed.price->text() : std::string();
}

std::string Violation(std::string_view text) {
  const PriceParse parsed = PriceParse::From(text);
  EXPECT_FALSE(parsed.price) << text << " was accepted as " << parsed.price->text();
  return parsed.violation;
}

TEST(ProductPriceTest, CanonicalFormHasExactlyTwoDecimals) {
  EXPECT_EQ(Canonical("12.50"), "12.50");
  EXPECT_EQ(Canonical("12.5"), "12.50");
  EXPECT_EQ(Canonical("0.99"), "0.99");
  EXPECT_EQ(Canonical("10"), "10.00");
  EXPECT_EQ(Canonical("0"), "0.00");
  EXPECT_EQ(Canonical("007.10"), "7.10");
}

TEST(ProductPriceTest, LargestStorablePriceIsAccepted) {
  EXPECT_EQ(Canonical("9999999999.99"), "9999999999.99");
  EXPECT_EQ(Canonical("00009999999999.99"), "9999999999.99");
}

TEST(ProductPriceTest, PriceAboveTheMaximumIsRejected) {
  EXPECT_EQ(Violation("10000000000"), "must not exceed 9999999999.99");
  EXPECT_EQ(Violation("10000000000.00"), "must not exceed 9999999999.99");
}

TEST(ProductPriceTest, NegativePriceIsRejected) {
  EXPECT_EQ(Violation("-1.00"), "must not be negative");
  EXPECT_EQ(Violation("-0"), "must not be negative");
}

TEST(ProductPriceTest, MoreThanTwoDecimalsAreRejected) {
  EXPECT_EQ(Violation("1.234"), "must have at most 2 decimal places");
  EXPECT_EQ(Violation("1.000"), "must have at most 2 decimal places");
}

TEST(ProductPriceTest, NonDecimalTextIsRejected) {
  for (const char* text :
       {"", ".5", "5.", "1e3", "+1", " 1", "1 ", "1,50", "abc", "1.2.3", "0x10"}) {
    EXPECT_FALSE(PriceParse::From(text).price) << text;
  }
}

TEST(ProductPriceTest, EqualPricesCompareEqual) {
  EXPECT_EQ(*PriceParse::From("13").price, *PriceParse::From("13.00").price);
}

}  // namespace
}  // namespace shop::product
