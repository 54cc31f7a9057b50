#include "cart/domain/promo_rules.hpp"

#include <gtest/gtest.h>

namespace shop::cart {
namespace {

using std::chrono::hours;
using Clock = std::chrono::system_clock;

const Clock::time_point kNow{std::chrono::seconds(1'900'000'000)};

CartLine Line(const std::string& category, const char* price, int quantity, bool available = true) {
  return {.product_id = "p-" + category,
          .category_id = category,
          .unit_price = *Money::Parse(price),
          .quantity = quantity,
          .available = available};
}

PromoCode Percent(int hundredths) {
  return {.code = "SAVE", .kind = PromoKind::kPercent, .percent_hundredths = hundredths};
}

PromoCode Fixed(const char* amount) {
  return {.code = "OFF", .kind = PromoKind::kFixed, .fixed_amount = *Money::Parse(amount)};
}

Money Discount(const std::variant<Money, PromoRefusal>& result) {
  EXPECT_TRUE(std::holds_alternative<Money>(result)) << std::get<PromoRefusal>(result).reason;
  return std::holds_alternative<Money>(result) ? std::get<Money>(result) : Money();
}

std::string Refusal(const std::variant<Money, PromoRefusal>& result) {
  EXPECT_TRUE(std::holds_alternative<PromoRefusal>(result));
  return std::holds_alternative<PromoRefusal>(result) ? std::get<PromoRefusal>(result).reason : "";
}

TEST(PromoRules, AnExpiredCodeIsRefused) {
  PromoCode code = Percent(1000);
  code.expires_at = kNow;
  EXPECT_NE(Refusal(EvaluatePromo(code, {Line("a", "10.00", 1)}, {}, kNow)).find("expired"),
            std::string::npos);
  code.expires_at = kNow + hours(1);
  EXPECT_EQ(Discount(EvaluatePromo(code, {Line("a", "10.00", 1)}, {}, kNow)).cents(), 100);
}

TEST(PromoRules, ACodeNotYetStartedIsRefused) {
  PromoCode code = Percent(1000);
  code.starts_at = kNow + hours(1);
  EXPECT_NE(Refusal(EvaluatePromo(code, {Line("a", "10.00", 1)}, {}, kNow)).find("not valid yet"),
            std::string::npos);
  code.starts_at = kNow;
  EXPECT_EQ(Discount(EvaluatePromo(code, {Line("a", "10.00", 1)}, {}, kNow)).cents(), 100);
}

TEST(PromoRules, TheMinimumSubtotalCountsEveryAvailableLine) {
  PromoCode code = Fixed("5.00");
  code.min_subtotal = Money::Parse("30.00");
  const std::vector<CartLine> short_cart = {Line("a", "10.00", 2), Line("b", "20.00", 1, false)};
  EXPECT_NE(Refusal(EvaluatePromo(code, short_cart, {}, kNow)).find("at least 30.00"),
            std::string::npos);
  const std::vector<CartLine> enough = {Line("a", "10.00", 2), Line("b", "10.00", 1)};
  EXPECT_EQ(Discount(EvaluatePromo(code, enough, {}, kNow)).cents(), 500);
}

TEST(PromoRules, TheGlobalUseLimitIsEnforced) {
  PromoCode code = Percent(500);
  code.max_uses = 3;
  EXPECT_NE(Refusal(EvaluatePromo(code, {Line("a", "10.00", 1)}, {.total = 3, .by_user = 0}, kNow))
                .find("used up"),
            std::string::npos);
  EXPECT_EQ(Discount(EvaluatePromo(code, {Line("a", "10.00", 1)}, {.total = 2, .by_user = 0}, kNow))
                .cents(),
            50);
}

TEST(PromoRules, ThePerUserLimitIsEnforced) {
  PromoCode code = Percent(500);
  code.per_user_limit = 1;
  EXPECT_NE(Refusal(EvaluatePromo(code, {Line("a", "10.00", 1)}, {.total = 1, .by_user = 1}, kNow))
                .find("as often as it allows"),
            std::string::npos);
  EXPECT_EQ(Discount(EvaluatePromo(code, {Line("a", "10.00", 1)}, {.total = 9, .by_user = 0}, kNow))
                .cents(),
            50);
}

TEST(PromoRules, ACategoryRestrictionDiscountsOnlyMatchingLines) {
  PromoCode code = Percent(2000);  // 20 %
  code.category_ids = {"toys"};
  const std::vector<CartLine> lines = {Line("toys", "10.00", 2), Line("books", "50.00", 1)};
  EXPECT_EQ(Discount(EvaluatePromo(code, lines, {}, kNow)).cents(), 400);
  EXPECT_NE(Refusal(EvaluatePromo(code, {Line("books", "50.00", 1)}, {}, kNow))
                .find("no item in the cart qualifies"),
            std::string::npos);
}

TEST(PromoRules, PercentDiscountsRoundHalfUpToTheCent) {
  // 12.5 % of 0.99 = 0.12375 -> 0.12; 15 % of 0.10 = 0.015 -> 0.02 (half up); 33.33 % of 10.00
  // = 3.333 -> 3.33.
  EXPECT_EQ(Discount(EvaluatePromo(Percent(1250), {Line("a", "0.99", 1)}, {}, kNow)).cents(), 12);
  EXPECT_EQ(Discount(EvaluatePromo(Percent(1500), {Line("a", "0.10", 1)}, {}, kNow)).cents(), 2);
  EXPECT_EQ(Discount(EvaluatePromo(Percent(3333), {Line("a", "10.00", 1)}, {}, kNow)).cents(), 333);
  EXPECT_EQ(Discount(EvaluatePromo(Percent(10000), {Line("a", "7.77", 3)}, {}, kNow)).cents(),
            2331);
}

TEST(PromoRules, AFixedDiscountNeverExceedsTheEligibleSubtotal) {
  PromoCode code = Fixed("25.00");
  code.category_ids = {"toys"};
  const std::vector<CartLine> lines = {Line("toys", "10.00", 1), Line("books", "50.00", 1)};
  EXPECT_EQ(Discount(EvaluatePromo(code, lines, {}, kNow)).cents(), 1000);
  EXPECT_EQ(Discount(EvaluatePromo(Fixed("5.00"), lines, {}, kNow)).cents(), 500);
}

TEST(PromoRules, UnavailableLinesAreOutOfEveryTotal) {
  const std::vector<CartLine> lines = {Line("a", "10.00", 1), Line("a", "99.00", 1, false)};
  EXPECT_EQ(Subtotal(lines).cents(), 1000);
  EXPECT_EQ(Discount(EvaluatePromo(Percent(1000), lines, {}, kNow)).cents(), 100);
  EXPECT_NE(Refusal(EvaluatePromo(Percent(1000), {Line("a", "99.00", 1, false)}, {}, kNow))
                .find("no item"),
            std::string::npos);
}

}  // namespace
}  // namespace shop::cart
