// cart-service's consumer groups (the cart.*-sync replicas and cart.order-events): their topics
// come from their handlers and exist on the broker the deployment creates: the source topics,
// `<group>.retry` and `<group>.dlq` are in deploy/local/kafka/topics.txt.
#include <gtest/gtest.h>

#include "cart/consumers/category_sync.hpp"
#include "cart/consumers/order_events.hpp"
#include "cart/consumers/product_sync.hpp"
#include "cart/consumers/user_sync.hpp"
#include "events/consumer/dead_letter.hpp"
#include "tests/support/deployed_topics.hpp"

namespace shop::cart {
namespace {

struct GroupUnderTest {
  std::string group;
  events::consumer::HandlerTable handlers;
  std::vector<std::string> expected_topics;
};

std::vector<GroupUnderTest> Groups() {
  std::vector<GroupUnderTest> groups;
  groups.push_back(
      {kUserSyncGroup, UserSyncHandlers(), {"user.created", "user.deleted", "user.updated"}});
  groups.push_back({kProductSyncGroup,
                    ProductSyncHandlers(),
                    {"product.created", "product.deleted", "product.updated"}});
  groups.push_back({kCategorySyncGroup,
                    CategorySyncHandlers(),
                    {"category.created", "category.deleted", "category.updated"}});
  groups.push_back({kOrderEventsGroup, OrderEventsHandlers(), {"order.cancelled"}});
  return groups;
}

TEST(CartConsumerGroupsTest, EachGroupConsumesTheTopicsItHandles) {
  for (const GroupUnderTest& group : Groups()) {
    EXPECT_EQ(group.handlers.Topics(), group.expected_topics) << group.group;
  }
}

TEST(CartConsumerGroupsTest, TopicsTxtCreatesEachGroupsTopics) {
  const std::set<std::string> deployed = shop::testing::DeployedTopics();
  for (const GroupUnderTest& group : Groups()) {
    std::vector<std::string> topics = group.handlers.Topics();
    topics.push_back(events::consumer::RetryTopic(group.group));
    topics.push_back(events::consumer::DeadLetterTopic(group.group));
    for (const std::string& topic : topics) {
      EXPECT_TRUE(deployed.contains(topic)) << topic << " is missing from topics.txt";
    }
  }
}

}  // namespace
}  // namespace shop::cart
