#include "order/domain/order_access.hpp"

#include <gtest/gtest.h>

namespace shop::order {
namespace {

const std::string kOwner = "0190a3c4-1b2c-7d3e-8f40-000000000001";
const std::string kOther = "0190a3c4-1b2c-7d3e-8f40-000000000002";

TEST(OrderAccessTest, TheOwnerAndAdminsSeeAnOrderAndNobodyElse) {
  EXPECT_TRUE(MaySee({kOwner, "customer"}, kOwner));
  EXPECT_TRUE(MaySee({kOther, "admin"}, kOwner));
  EXPECT_FALSE(MaySee({kOther, "customer"}, kOwner));
  EXPECT_FALSE(MaySee({kOther, "seller"}, kOwner));
}

TEST(OrderAccessTest, TheOwnerCancelsAsTheCustomerAndAnAdminAsAdmin) {
  EXPECT_EQ(CancelInput({kOwner, "customer"}, kOwner), OrderInput::kCustomerCancel);
  EXPECT_EQ(CancelInput({kOwner, "admin"}, kOwner), OrderInput::kCustomerCancel);
  EXPECT_EQ(CancelInput({kOther, "admin"}, kOwner), OrderInput::kAdminCancel);
  EXPECT_EQ(CancelInput({kOther, "customer"}, kOwner), std::nullopt);
  EXPECT_EQ(CancelInput({kOther, "seller"}, kOwner), std::nullopt);
}

TEST(OrderAccessTest, SellersListTheirOwnSalesOnly) {
  EXPECT_EQ(SalesScopeOf({kOwner, "seller"}, std::nullopt).seller_id, kOwner);
  EXPECT_EQ(SalesScopeOf({kOwner, "seller"}, kOwner).seller_id, kOwner);
  const SalesScope other = SalesScopeOf({kOwner, "seller"}, kOther);
  EXPECT_FALSE(other.seller_id);
  EXPECT_FALSE(other.refusal.empty());
}

TEST(OrderAccessTest, AdminsListAnySellersSalesAndCustomersNone) {
  EXPECT_EQ(SalesScopeOf({kOwner, "admin"}, kOther).seller_id, kOther);
  EXPECT_EQ(SalesScopeOf({kOwner, "admin"}, std::nullopt).seller_id, kOwner);
  const SalesScope customer = SalesScopeOf({kOwner, "customer"}, std::nullopt);
  EXPECT_FALSE(customer.seller_id);
  EXPECT_FALSE(customer.refusal.empty());
}

}  // namespace
}  // namespace shop::order
