#include "order/consumers/checkout_intake.hpp"

#include <gtest/gtest.h>

namespace shop::order {
namespace {

events::CartCheckedOut Checkout() {
  return {.checkout_id = "0190a3c4-1b2c-7d3e-8f40-000000000001",
          .user_id = "0190a3c4-1b2c-7d3e-8f40-000000000002",
          .lines = {{.product_id = "0190a3c4-1b2c-7d3e-8f40-000000000003",
                     .name = "Lamp",
                     .category_name = "Lighting",
                     .unit_price = "12.50",
                     .quantity = 2,
                     .line_total = "25.00",
                     .seller_id = "0190a3c4-1b2c-7d3e-8f40-000000000004"}},
          .subtotal = "25.00",
          .discount = "2.50",
          .total = "22.50",
          .promo_code = "TENOFF",
          .version = 1,
          .shipping_address = events::Address{.name = "Ada",
                                              .line1 = "1 Way",
                                              .line2 = "Flat 2",
                                              .city = "London",
                                              .postal_code = "N1",
                                              .country = "GB"},
          .payment_token = "tok_visa"};
}

TEST(CheckoutIntakeTest, TheOrderIsTheCheckoutWithItsIdLinesTotalsAddressAndToken) {
  const CheckoutOrder made = OrderFromCheckout(Checkout());
  ASSERT_TRUE(made.order.has_value());
  const NewOrder& order = *made.order;
  EXPECT_EQ(order.id, "0190a3c4-1b2c-7d3e-8f40-000000000001");
  EXPECT_EQ(order.user_id, "0190a3c4-1b2c-7d3e-8f40-000000000002");
  ASSERT_EQ(order.lines.size(), 1u);
  EXPECT_EQ(order.lines[0], (OrderLine{.product_id = "0190a3c4-1b2c-7d3e-8f40-000000000003",
                                       .name = "Lamp",
                                       .unit_price = "12.50",
                                       .quantity = 2,
                                       .line_total = "25.00",
                                       .seller_id = "0190a3c4-1b2c-7d3e-8f40-000000000004"}));
  EXPECT_EQ(order.subtotal, "25.00");
  EXPECT_EQ(order.discount, "2.50");
  EXPECT_EQ(order.total, "22.50");
  EXPECT_EQ(order.promo_code, "TENOFF");
  EXPECT_EQ(order.shipping_address.line2, "Flat 2");
  EXPECT_EQ(order.shipping_address.country, "GB");
  EXPECT_EQ(order.payment_token, "tok_visa");
}

TEST(CheckoutIntakeTest, ACheckoutWithoutAddressOrTokenMakesNoOrderAndSaysWhatIsMissing) {
  events::CartCheckedOut no_address = Checkout();
  no_address.shipping_address.reset();
  EXPECT_FALSE(OrderFromCheckout(no_address).order.has_value());
  EXPECT_EQ(OrderFromCheckout(no_address).missing, "shipping_address");

  events::CartCheckedOut no_token = Checkout();
  no_token.payment_token.reset();
  EXPECT_FALSE(OrderFromCheckout(no_token).order.has_value());
  EXPECT_EQ(OrderFromCheckout(no_token).missing, "payment_token");
}

}  // namespace
}  // namespace shop::order
