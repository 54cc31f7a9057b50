// product-service's consumer groups take their topics from their handlers, and those exist on
// the broker the deployment creates: the source topics, `<group>.retry` and `<group>.dlq` are in
// deploy/local/kafka/topics.txt.
#include <gtest/gtest.h>

#include "product/consumers/category_sync.hpp"
#include "product/consumers/stock_reservation.hpp"
#include "tests/support/group_topics.hpp"

namespace shop::product {
namespace {

using Topics = std::vector<std::string>;

TEST(ProductConsumerGroupsTest, CategorySyncConsumesTheCategoryTopics) {
  EXPECT_EQ(CategorySyncHandlers().Topics(),
            (Topics{"category.created", "category.deleted", "category.updated"}));
}

TEST(ProductConsumerGroupsTest, StockReservationConsumesTheOrdersCreationsAndCancellations) {
  EXPECT_EQ(StockReservationHandlers().Topics(), (Topics{"order.cancelled", "order.created"}));
}

TEST(ProductConsumerGroupsTest, TopicsTxtCreatesEachGroupsTopics) {
  EXPECT_EQ(
      shop::testing::GroupTopicsMissingFromTopicsTxt(kCategorySyncGroup, CategorySyncHandlers()),
      Topics{});
  EXPECT_EQ(shop::testing::GroupTopicsMissingFromTopicsTxt(kStockReservationGroup,
                                                           StockReservationHandlers()),
            Topics{});
}

}  // namespace
}  // namespace shop::product
