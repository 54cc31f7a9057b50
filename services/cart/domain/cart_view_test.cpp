#include "cart/domain/cart_view.hpp"

#include <gtest/gtest.h>

namespace shop::cart {
namespace {

using Clock = std::chrono::system_clock;
const Clock::time_point kNow{std::chrono::seconds(1'900'000'000)};

CartItem Item(const std::string& category, const char* price, int quantity, bool available = true) {
  return {.line = {.product_id = "p-" + category,
                   .category_id = category,
                   .unit_price = *Money::Parse(price),
                   .quantity = quantity,
                   .available = available},
          .name = "Product " + category,
          .category_name = "Category " + category,
          .stock = 10};
}

TEST(CartView, AnEmptyCartCostsNothing) {
  const CartView view = ViewCart({}, std::nullopt, kNow);
  EXPECT_TRUE(view.items.empty());
  EXPECT_EQ(view.total, Money());
  EXPECT_FALSE(view.promo_code);
}

TEST(CartView, UnavailableLinesStayButCountInNoTotal) {
  const CartView view =
      ViewCart({Item("a", "10.25", 2), Item("b", "99.99", 1, false)}, std::nullopt, kNow);
  ASSERT_EQ(view.items.size(), 2u);
  EXPECT_EQ(view.subtotal.ToString(), "20.50");
  EXPECT_EQ(view.total.ToString(), "20.50");
}

TEST(CartView, AnApplicableCodeIsSubtractedFromTheTotal) {
  AppliedPromo promo{.name = "SAVE",
                     .code = PromoCode{.code = "SAVE",
                                       .kind = PromoKind::kPercent,
                                       .percent_hundredths = 1000,
                                       .category_ids = {"a"}}};
  const CartView view = ViewCart({Item("a", "10.05", 1), Item("b", "5.00", 1)}, promo, kNow);
  EXPECT_EQ(view.subtotal.ToString(), "15.05");
  EXPECT_EQ(view.discount.ToString(), "1.01");  // 10 % of 10.05 = 1.005, half up
  EXPECT_EQ(view.total.ToString(), "14.04");
  EXPECT_EQ(view.promo_code, "SAVE");
  EXPECT_FALSE(view.promo_problem);
}

TEST(CartView, AnInapplicableCodeStaysAppliedWithItsReasonAndNoDiscount) {
  AppliedPromo promo{.name = "BIG",
                     .code = PromoCode{.code = "BIG",
                                       .kind = PromoKind::kFixed,
                                       .fixed_amount = Money::Cents(500),
                                       .min_subtotal = Money::Cents(10000)}};
  const CartView view = ViewCart({Item("a", "10.00", 1)}, promo, kNow);
  EXPECT_EQ(view.discount, Money());
  EXPECT_EQ(view.total.ToString(), "10.00");
  EXPECT_EQ(view.promo_code, "BIG");
  ASSERT_TRUE(view.promo_problem);
  EXPECT_NE(view.promo_problem->find("at least 100.00"), std::string::npos);
}

TEST(CartView, ACodeThatNoLongerExistsIsNamedAsSuch) {
  const CartView view = ViewCart({Item("a", "1.00", 1)}, AppliedPromo{.name = "GONE"}, kNow);
  ASSERT_TRUE(view.promo_problem);
  EXPECT_NE(view.promo_problem->find("no longer exists"), std::string::npos);
}

}  // namespace
}  // namespace shop::cart
