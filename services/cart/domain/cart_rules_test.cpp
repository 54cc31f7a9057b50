#include "cart/domain/cart_rules.hpp"

#include <gtest/gtest.h>

namespace shop::cart {
namespace {

TEST(QuantityViolation, OneToNinetyNine) {
  EXPECT_EQ(QuantityViolation(1, 500), std::nullopt);
  EXPECT_EQ(QuantityViolation(99, 500), std::nullopt);
  EXPECT_NE(QuantityViolation(0, 500), std::nullopt);
  EXPECT_NE(QuantityViolation(100, 500), std::nullopt);
  EXPECT_NE(QuantityViolation(-3, 500), std::nullopt);
}

TEST(QuantityViolation, NeverAboveTheStock) {
  EXPECT_EQ(QuantityViolation(3, 3), std::nullopt);
  EXPECT_EQ(QuantityViolation(4, 3), std::optional<std::string>("must not exceed the stock of 3"));
  EXPECT_NE(QuantityViolation(1, 0), std::nullopt);
}

}  // namespace
}  // namespace shop::cart
