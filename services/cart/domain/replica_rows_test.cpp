#include "cart/domain/replica_rows.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace shop::cart {
namespace {

constexpr const char* kId = "0f8fad5b-d9cb-469f-a165-70867728950e";
constexpr const char* kCategoryId = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
constexpr const char* kSellerId = "3d6f0a9e-52b1-4c8a-9e0f-1a2b3c4d5e6f";

events::ProductState Ball(std::string price = "19.90", std::int64_t stock = 5) {
  return {.id = kId,
          .name = "Ball",
          .description = std::nullopt,
          .price = std::move(price),
          .stock = stock,
          .category_id = kCategoryId,
          .category_name = "Toys",
          .seller_id = std::nullopt,
          .version = 2};
}

std::string Body(const std::string& members) {
  return std::string(R"({"id":")") + kId + R"(","category_id":")" + kCategoryId + R"(",)" +
         members + "}";
}

TEST(ReplicaRowsTest, AProductStateBecomesALiveRow) {
  const ReplicaProduct row = ProductRow(Ball());
  EXPECT_EQ(row.id, kId);
  EXPECT_EQ(row.name, "Ball");
  EXPECT_EQ(row.price, "19.90");
  EXPECT_EQ(row.stock, 5);
  EXPECT_EQ(row.category_id, kCategoryId);
  EXPECT_EQ(row.category_name, "Toys");
  EXPECT_EQ(row.version, 2);
  EXPECT_FALSE(row.deleted);
}

TEST(ReplicaRowsTest, TheSellerOfAProductStateOrDeletionIsKept) {
  events::ProductState sold = Ball();
  EXPECT_EQ(ProductRow(sold).seller_id, std::nullopt);
  sold.seller_id = kSellerId;
  EXPECT_EQ(ProductRow(sold).seller_id, kSellerId);
  EXPECT_EQ(LastProductRow(events::ProductDeleted::WithLastState(sold))->seller_id, kSellerId);
}

TEST(ReplicaRowsTest, APriceOrStockBeyondTheReplicasLimitsIsRefused) {
  EXPECT_THROW(ProductRow(Ball("-1.00")), std::invalid_argument);
  EXPECT_THROW(ProductRow(Ball("12345678901.00")), std::invalid_argument);
  EXPECT_THROW(ProductRow(Ball("1.00", 3'000'000'000)), std::invalid_argument);
  EXPECT_EQ(ProductRow(Ball("1234567890.99", 2'147'483'647)).price, "1234567890.99");
}

TEST(ReplicaRowsTest, ADeletionGivesATombstoneRowOnlyWithTheCompleteLastState) {
  events::ProductState last = Ball();
  last.version = 7;
  const std::optional<ReplicaProduct> full =
      LastProductRow(events::ProductDeleted::WithLastState(last));
  ASSERT_TRUE(full.has_value());
  EXPECT_TRUE(full->deleted);
  EXPECT_EQ(full->version, 7);
  EXPECT_EQ(full->price, "19.90");
  EXPECT_FALSE(LastProductRow(events::ProductDeleted{.id = kId, .version = 7}).has_value());
  events::ProductDeleted price_only{.id = kId, .version = 7};
  price_only.price = "3.50";
  EXPECT_FALSE(LastProductRow(price_only).has_value());
}

TEST(ReplicaRowsTest, ReadsProductServicesBodyIgnoringMembersItDoesNotKeep) {
  const ReplicaProduct row = ParseProductBody(
      Body(R"("name":"Ball","price":"19.90","stock":5,"category_name":"Toys","version":2,)"
           R"("description":null,"seller_id":null,"created_at":"2024-05-01T12:00:00Z")"));
  EXPECT_EQ(row.id, kId);
  EXPECT_EQ(row.name, "Ball");
  EXPECT_EQ(row.price, "19.90");
  EXPECT_EQ(row.stock, 5);
  EXPECT_EQ(row.category_name, "Toys");
  EXPECT_EQ(row.version, 2);
  EXPECT_EQ(row.seller_id, std::nullopt);
}

TEST(ReplicaRowsTest, ReadsTheSellerOfProductServicesBodyWhenItNamesOne) {
  const std::string members = R"("name":"Ball","price":"19.90","stock":5,"category_name":"Toys",)"
                              R"("version":2)";
  EXPECT_EQ(ParseProductBody(Body(members + R"(,"seller_id":")" + kSellerId + R"(")")).seller_id,
            kSellerId);
  EXPECT_EQ(ParseProductBody(Body(members)).seller_id, std::nullopt) << "an older answer";
  EXPECT_THROW(ParseProductBody(Body(members + R"(,"seller_id":"nobody")")), std::invalid_argument);
}

TEST(ReplicaRowsTest, ABodyWithAMissingOrMistypedMemberIsRefused) {
  for (const std::string& bad : std::vector<std::string>{
           "{not json",
           Body(R"("price":"1.00","stock":1,"category_name":"T","version":1)"),
           Body(R"("name":"B","price":1.00,"stock":1,"category_name":"T","version":1)"),
           Body(R"("name":"B","price":"-1.00","stock":1,"category_name":"T","version":1)"),
           Body(R"("name":"B","price":"1.001","stock":1,"category_name":"T","version":1)"),
           Body(R"("name":"B","price":"1.00","stock":-1,"category_name":"T","version":1)"),
           Body(R"("name":"B","price":"1.00","stock":3000000000,"category_name":"T",)"
                R"("version":1)"),
           Body(R"("name":"B","price":"1.00","stock":1,"version":1)"),
           Body(R"("name":"B","price":"1.00","stock":1,"category_name":"T")"),
       }) {
    EXPECT_THROW(ParseProductBody(bad), std::invalid_argument) << bad;
  }
}

}  // namespace
}  // namespace shop::cart
