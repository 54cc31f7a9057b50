#include "cart/domain/money.hpp"

#include <gtest/gtest.h>

namespace shop::cart {
namespace {

TEST(Money, ParsesDecimalStringsExactly) {
  EXPECT_EQ(Money::Parse("12.50")->cents(), 1250);
  EXPECT_EQ(Money::Parse("12.5")->cents(), 1250);
  EXPECT_EQ(Money::Parse("12")->cents(), 1200);
  EXPECT_EQ(Money::Parse("0.01")->cents(), 1);
  EXPECT_EQ(Money::Parse("9999999999.99")->cents(), 999999999999);
}

TEST(Money, RefusesWhatIsNotAnAmount) {
  for (const char* bad :
       {"", "-1", "+1", "1.", ".5", "1.234", "1e3", "12,50", " 1", "1 ", "99999999999"}) {
    EXPECT_EQ(Money::Parse(bad), std::nullopt) << bad;
  }
}

TEST(Money, PrintsTwoFractionDigits) {
  EXPECT_EQ(Money::Cents(1250).ToString(), "12.50");
  EXPECT_EQ(Money::Cents(7).ToString(), "0.07");
  EXPECT_EQ(Money::Cents(0).ToString(), "0.00");
  EXPECT_EQ(Money::Cents(-150).ToString(), "-1.50");
}

TEST(Money, AddsAndMultipliesInCents) {
  EXPECT_EQ((Money::Cents(10) + Money::Cents(20)).cents(), 30);
  EXPECT_EQ((Money::Cents(333) * 3).cents(), 999);
  EXPECT_LT(Money::Cents(1), Money::Cents(2));
}

}  // namespace
}  // namespace shop::cart
