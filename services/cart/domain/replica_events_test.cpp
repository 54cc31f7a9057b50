#include "cart/domain/replica_events.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace shop::cart {
namespace {

constexpr const char* kId = "0f8fad5b-d9cb-469f-a165-70867728950e";
constexpr const char* kCategoryId = "7c9e6679-7425-40de-944b-e07fc1f90ae7";

std::string Product(const std::string& fields) {
  return std::string(R"({"id":")") + kId + R"(","category_id":")" + kCategoryId + R"(",)" + fields +
         "}";
}

TEST(ReplicaEventsTest, ReadsAUserAndTakesANullNameAsEmpty) {
  const UserState user = ParseUserState(std::string(R"({"id":")") + kId +
                                        R"(","email":"a@b.c","name":null,"role":"customer",)"
                                        R"("version":4,"extra":true})");
  EXPECT_EQ(user.id, kId);
  EXPECT_EQ(user.email, "a@b.c");
  EXPECT_EQ(user.name, "");
  EXPECT_EQ(user.role, "customer");
  EXPECT_EQ(user.version, 4);
  EXPECT_EQ(ParseUserState(std::string(R"({"id":")") + kId +
                           R"(","email":"a@b.c","name":"Ann","role":"admin","version":1})")
                .name,
            "Ann");
}

TEST(ReplicaEventsTest, AUserWithAMissingOrMistypedFieldIsRejected) {
  const std::string id = std::string(R"("id":")") + kId + R"(")";
  for (const std::string& bad : std::vector<std::string>{
           std::string("{not json"),
           std::string("[1,2]"),
           R"({"email":"a@b.c","name":null,"role":"customer","version":1})",
           R"({"id":"not-a-uuid","email":"a@b.c","name":null,"role":"customer","version":1})",
           "{" + id + R"(,"name":null,"role":"customer","version":1})",
           "{" + id + R"(,"email":"a@b.c","role":"customer","version":1})",
           "{" + id + R"(,"email":"a@b.c","name":7,"role":"customer","version":1})",
           "{" + id + R"(,"email":"a@b.c","name":null,"version":1})",
           "{" + id + R"(,"email":"a@b.c","name":null,"role":"customer"})",
           "{" + id + R"(,"email":"a@b.c","name":null,"role":"customer","version":0})",
           "{" + id + R"(,"email":"a@b.c","name":null,"role":"customer","version":"2"})",
           "{" + id + R"(,"email":"a@b.c","name":null,"role":"customer","version":1.5})",
       }) {
    EXPECT_THROW(ParseUserState(bad), std::invalid_argument) << bad;
  }
}

TEST(ReplicaEventsTest, AUserDeletionNeedsOnlyIdAndVersion) {
  const Deletion deletion =
      ParseUserDeletion(std::string(R"({"id":")") + kId + R"(","version":9})");
  EXPECT_EQ(deletion.id, kId);
  EXPECT_EQ(deletion.version, 9);
  EXPECT_THROW(ParseUserDeletion(std::string(R"({"id":")") + kId + R"("})"), std::invalid_argument);
  EXPECT_THROW(ParseUserDeletion(R"({"version":9})"), std::invalid_argument);
}

TEST(ReplicaEventsTest, ReadsACategoryAndRejectsAnIncompleteOne) {
  const CategoryState category =
      ParseCategoryState(std::string(R"({"id":")") + kId +
                         R"(","name":"Toys","slug":"toys","parent_id":null,)"
                         R"("version":3})");
  EXPECT_EQ(category.id, kId);
  EXPECT_EQ(category.name, "Toys");
  EXPECT_EQ(category.version, 3);
  EXPECT_THROW(ParseCategoryState(std::string(R"({"id":")") + kId + R"(","version":3})"),
               std::invalid_argument);
  EXPECT_THROW(ParseCategoryState(std::string(R"({"id":")") + kId + R"(","name":"","version":3})"),
               std::invalid_argument);
  EXPECT_THROW(ParseCategoryState(R"({"id":7,"name":"Toys","version":3})"), std::invalid_argument);
}

TEST(ReplicaEventsTest, ReadsAProductWithItsPriceAsTwoDecimals) {
  const ProductState product = ParseProductState(
      Product(R"("name":"Ball","price":"19.90","stock":5,"category_name":"Toys","version":2,)"
              R"("description":null,"seller_id":null)"));
  EXPECT_EQ(product.id, kId);
  EXPECT_EQ(product.name, "Ball");
  EXPECT_EQ(product.price, "19.90");
  EXPECT_EQ(product.stock, 5);
  EXPECT_EQ(product.category_id, kCategoryId);
  EXPECT_EQ(product.category_name, "Toys");
  EXPECT_EQ(product.version, 2);
}

TEST(ReplicaEventsTest, AProductWithAMissingOrMistypedFieldIsRejected) {
  for (const std::string& bad : std::vector<std::string>{
           Product(R"("price":"1.00","stock":1,"category_name":"T","version":1)"),
           Product(R"("name":"B","stock":1,"category_name":"T","version":1)"),
           Product(R"("name":"B","price":1.00,"stock":1,"category_name":"T","version":1)"),
           Product(R"("name":"B","price":"-1.00","stock":1,"category_name":"T","version":1)"),
           Product(R"("name":"B","price":"1.001","stock":1,"category_name":"T","version":1)"),
           Product(R"("name":"B","price":"1.00","category_name":"T","version":1)"),
           Product(R"("name":"B","price":"1.00","stock":-1,"category_name":"T","version":1)"),
           Product(R"("name":"B","price":"1.00","stock":"3","category_name":"T","version":1)"),
           Product(R"("name":"B","price":"1.00","stock":3000000000,"category_name":"T",)"
                   R"("version":1)"),
           Product(R"("name":"B","price":"1.00","stock":1,"version":1)"),
           Product(R"("name":"B","price":"1.00","stock":1,"category_name":"T")"),
           std::string(R"({"id":")") + kId +
               R"(","name":"B","price":"1.00","stock":1,"category_name":"T","version":1})",
       }) {
    EXPECT_THROW(ParseProductState(bad), std::invalid_argument) << bad;
  }
}

TEST(ReplicaEventsTest, AProductDeletionKeepsWhateverLastStateItCarries) {
  const ProductState bare =
      ParseProductDeletion(std::string(R"({"id":")") + kId + R"(","version":7})");
  EXPECT_EQ(bare.id, kId);
  EXPECT_EQ(bare.version, 7);
  EXPECT_EQ(bare.name, "");
  EXPECT_EQ(bare.price, "");
  EXPECT_EQ(bare.category_id, "");

  const ProductState full = ParseProductDeletion(
      Product(R"("name":"Ball","price":"3.5","stock":0,"category_name":"Toys","version":7)"));
  EXPECT_EQ(full.name, "Ball");
  EXPECT_EQ(full.price, "3.50");
  EXPECT_EQ(full.category_id, kCategoryId);
  EXPECT_EQ(full.category_name, "Toys");

  EXPECT_THROW(ParseProductDeletion(R"({"version":7})"), std::invalid_argument);
  EXPECT_THROW(ParseProductDeletion(std::string(R"({"id":")") + kId + R"("})"),
               std::invalid_argument);
  EXPECT_THROW(ParseProductDeletion(Product(R"("price":12,"version":7)")), std::invalid_argument);
}

}  // namespace
}  // namespace shop::cart
