#include "cart/domain/checkout_event.hpp"

#include <gtest/gtest.h>

namespace shop::cart {
namespace {

constexpr const char* kCheckout = "0191d0d5-4444-7abc-8def-0123456789ab";
constexpr const char* kUser = "0191d0c4-2222-7abc-8def-0123456789ab";

CartItem Item(const std::string& product_id, Money price, int quantity, bool available) {
  return {.line = {.product_id = product_id,
                   .category_id = "0191d0a2-7c4e-7a3b-9f10-2b3c4d5e6f70",
                   .unit_price = price,
                   .quantity = quantity,
                   .available = available},
          .name = "Item " + product_id.substr(0, 4),
          .category_name = "Books",
          .stock = 10};
}

TEST(CheckoutEventTest, CarriesTheAvailableLinesAndTheTotalsAsTheCartShowedThem) {
  const CartView view{
      .items = {Item("0191d0b3-1111-7abc-8def-0123456789ab", Money::Cents(5990), 1, true),
                Item("0191d0b3-2222-7abc-8def-0123456789ab", Money::Cents(100), 2, false),
                Item("0191d0b3-3333-7abc-8def-0123456789ab", Money::Cents(250), 4, true)},
      .subtotal = Money::Cents(6990),
      .discount = Money::Cents(700),
      .total = Money::Cents(6290),
      .promo_code = "WELCOME10"};
  const events::CartCheckedOut event = CheckedOutEvent(kCheckout, kUser, view);
  EXPECT_EQ(event.AggregateId(), kCheckout);
  EXPECT_EQ(event.user_id, kUser);
  ASSERT_EQ(event.lines.size(), 2u);
  EXPECT_EQ(event.lines[1].product_id, "0191d0b3-3333-7abc-8def-0123456789ab");
  EXPECT_EQ(event.lines[1].unit_price, "2.50");
  EXPECT_EQ(event.lines[1].quantity, 4);
  EXPECT_EQ(event.lines[1].line_total, "10.00");
  EXPECT_EQ(event.subtotal, "69.90");
  EXPECT_EQ(event.discount, "7.00");
  EXPECT_EQ(event.total, "62.90");
  EXPECT_EQ(event.promo_code, "WELCOME10");
  EXPECT_EQ(event.version, 1);
  EXPECT_EQ(events::CartCheckedOut::FromJson(event.ToJson()), event);
}

}  // namespace
}  // namespace shop::cart
