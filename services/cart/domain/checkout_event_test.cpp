#include "cart/domain/checkout_event.hpp"

#include <gtest/gtest.h>

namespace shop::cart {
namespace {

constexpr const char* kCheckout = "0191d0d5-4444-7abc-8def-0123456789ab";
constexpr const char* kUser = "0191d0c4-2222-7abc-8def-0123456789ab";

constexpr const char* kSeller = "0191d0c4-3333-7abc-8def-0123456789ab";

CartItem Item(const std::string& product_id, Money price, int quantity, bool available,
              std::optional<std::string> seller_id = std::nullopt) {
  return {.line = {.product_id = product_id,
                   .category_id = "0191d0a2-7c4e-7a3b-9f10-2b3c4d5e6f70",
                   .unit_price = price,
                   .quantity = quantity,
                   .available = available},
          .name = "Item " + product_id.substr(0, 4),
          .category_name = "Books",
          .stock = 10,
          .seller_id = std::move(seller_id)};
}

CheckoutTerms Terms() {
  return {.expected_total = std::nullopt,
          .shipping_address = {.name = "Ada Lovelace",
                               .line1 = "12 St James's Square",
                               .line2 = "Flat 3",
                               .city = "London",
                               .postal_code = "SW1Y 4JH",
                               .country = "GB"},
          .payment_token = "tok_visa"};
}

TEST(CheckoutEventTest, CarriesTheAvailableLinesAndTheTotalsAsTheCartShowedThem) {
  const CartView view{
      .items = {Item("0191d0b3-1111-7abc-8def-0123456789ab", Money::Cents(5990), 1, true),
                Item("0191d0b3-2222-7abc-8def-0123456789ab", Money::Cents(100), 2, false),
                Item("0191d0b3-3333-7abc-8def-0123456789ab", Money::Cents(250), 4, true, kSeller)},
      .subtotal = Money::Cents(6990),
      .discount = Money::Cents(700),
      .total = Money::Cents(6290),
      .promo_code = "WELCOME10"};
  const events::CartCheckedOut event = CheckedOutEvent(kCheckout, kUser, view, Terms());
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
  EXPECT_EQ(event.lines[0].seller_id, std::nullopt) << "a product from before sellers existed";
  EXPECT_EQ(event.lines[1].seller_id, kSeller);
  EXPECT_EQ(event.shipping_address, Terms().shipping_address);
  EXPECT_EQ(event.payment_token, "tok_visa");
  EXPECT_EQ(events::CartCheckedOut::FromJson(event.ToJson()), event);
}

TEST(CheckoutEventTest, TheCartsOwnRecordOfACheckoutKeepsNoPaymentToken) {
  const CartView view{
      .items = {Item("0191d0b3-1111-7abc-8def-0123456789ab", Money::Cents(5990), 1, true)},
      .subtotal = Money::Cents(5990),
      .total = Money::Cents(5990)};
  const events::CartCheckedOut event = CheckedOutEvent(kCheckout, kUser, view, Terms());
  const events::CartCheckedOut record = CheckoutRecord(event);
  EXPECT_EQ(record.payment_token, std::nullopt);
  EXPECT_EQ(record.ToJson().find("tok_visa"), std::string::npos) << record.ToJson();
  EXPECT_EQ(record.shipping_address, event.shipping_address);
  EXPECT_EQ(record.lines, event.lines);
}

}  // namespace
}  // namespace shop::cart
