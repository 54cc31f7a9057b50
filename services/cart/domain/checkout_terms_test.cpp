#include "cart/domain/checkout_terms.hpp"

#include <gtest/gtest.h>

namespace shop::cart {
namespace {

Money Amount(const char* text) { return *Money::Parse(text); }

TEST(CheckoutTerms, WithoutAnExpectedTotalAnyTotalIsCharged) {
  EXPECT_FALSE(CheckAgreedTotal({}, Amount("45.00")));
  EXPECT_FALSE(CheckAgreedTotal({}, Money()));
}

TEST(CheckoutTerms, TheTotalTheClientSawIsAgreed) {
  EXPECT_FALSE(CheckAgreedTotal({.expected_total = Amount("35.00")}, Amount("35.00")));
  EXPECT_FALSE(CheckAgreedTotal({.expected_total = Amount("3.1")}, Amount("3.10")));
  EXPECT_FALSE(CheckAgreedTotal({.expected_total = Amount("0")}, Money()));
}

TEST(CheckoutTerms, AHigherTotalThanTheClientSawGivesBothFigures) {
  const auto changed = CheckAgreedTotal({.expected_total = Amount("35.00")}, Amount("45.00"));
  ASSERT_TRUE(changed);
  EXPECT_EQ(changed->expected.ToString(), "35.00");
  EXPECT_EQ(changed->current.ToString(), "45.00");
}

// A lower total is a change too: the client's user agreed to another cart than this one.
TEST(CheckoutTerms, ALowerTotalIsAChangeToo) {
  const auto changed = CheckAgreedTotal({.expected_total = Amount("35.00")}, Amount("34.99"));
  ASSERT_TRUE(changed);
  EXPECT_EQ(changed->expected, Amount("35.00"));
  EXPECT_EQ(changed->current, Amount("34.99"));
}

TEST(CheckoutTerms, OneCentIsEnoughToDiffer) {
  EXPECT_TRUE(CheckAgreedTotal({.expected_total = Amount("0.01")}, Money()));
  EXPECT_TRUE(CheckAgreedTotal({.expected_total = Money()}, Amount("0.01")));
}

}  // namespace
}  // namespace shop::cart
