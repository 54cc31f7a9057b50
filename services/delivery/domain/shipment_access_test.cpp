#include "delivery/domain/shipment_access.hpp"

#include <gtest/gtest.h>

namespace shop::delivery {
namespace {

const std::string kCustomer = "0190a3c4-1b2c-7d3e-8f40-123456789abc";
const std::string kOther = "0190a3c4-1b2c-7d3e-8f40-cba987654321";

TEST(ShipmentAccessTest, TheCustomerCouriersAndAdminsSeeTheShipment) {
  EXPECT_TRUE(MaySee({.user_id = kCustomer, .role = "customer"}, kCustomer));
  EXPECT_TRUE(MaySee({.user_id = kOther, .role = "courier"}, kCustomer));
  EXPECT_TRUE(MaySee({.user_id = kOther, .role = "admin"}, kCustomer));
}

TEST(ShipmentAccessTest, AnotherCustomerOrASellerDoesNot) {
  EXPECT_FALSE(MaySee({.user_id = kOther, .role = "customer"}, kCustomer));
  EXPECT_FALSE(MaySee({.user_id = kOther, .role = "seller"}, kCustomer));
  EXPECT_FALSE(MaySee({.user_id = "", .role = ""}, kCustomer));
}

TEST(ShipmentAccessTest, OnlyCouriersAndAdminsAreStaff) {
  EXPECT_TRUE(IsStaff({.user_id = kOther, .role = "courier"}));
  EXPECT_TRUE(IsStaff({.user_id = kOther, .role = "admin"}));
  EXPECT_FALSE(IsStaff({.user_id = kCustomer, .role = "customer"}));
  EXPECT_FALSE(IsStaff({.user_id = kOther, .role = "seller"}));
}

}  // namespace
}  // namespace shop::delivery
