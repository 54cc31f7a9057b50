#include "product/domain/product_access.hpp"

#include <gtest/gtest.h>

namespace shop::product {
namespace {

const Writer kAdmin{.user_id = "a", .role = "admin"};
const Writer kSeller{.user_id = "s", .role = "seller"};
const Writer kCustomer{.user_id = "c", .role = "customer"};

TEST(ProductAccess, SellersAndAdminsCreateCustomersDoNot) {
  EXPECT_EQ(CreateRefusal(kAdmin), std::nullopt);
  EXPECT_EQ(CreateRefusal(kSeller), std::nullopt);
  EXPECT_NE(CreateRefusal(kCustomer), std::nullopt);
  EXPECT_NE(CreateRefusal({.user_id = "x", .role = ""}), std::nullopt);
}

TEST(ProductAccess, ASellerChangesOnlyTheirOwnProducts) {
  EXPECT_EQ(ChangeRefusal(kSeller, std::string("s")), std::nullopt);
  EXPECT_NE(ChangeRefusal(kSeller, std::string("other")), std::nullopt);
  EXPECT_NE(ChangeRefusal(kSeller, std::nullopt), std::nullopt);
}

TEST(ProductAccess, AnAdminChangesAnyProductACustomerNone) {
  EXPECT_EQ(ChangeRefusal(kAdmin, std::string("s")), std::nullopt);
  EXPECT_EQ(ChangeRefusal(kAdmin, std::nullopt), std::nullopt);
  EXPECT_NE(ChangeRefusal(kCustomer, std::string("c")), std::nullopt);
}

}  // namespace
}  // namespace shop::product
