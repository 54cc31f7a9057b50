// The consumer group's topics come from its handlers and exist on the broker the deployment
// creates: the source topics, `<group>.retry` and `<group>.dlq` are in
// deploy/local/kafka/topics.txt.
#include "product/consumers/category_sync.hpp"

#include <gtest/gtest.h>

#include "events/consumer/dead_letter.hpp"
#include "tests/support/deployed_topics.hpp"

namespace shop::product {
namespace {

TEST(CategorySyncTest, ConsumesTheCategoryTopicsItHandles) {
  EXPECT_EQ(CategorySyncHandlers().Topics(),
            (std::vector<std::string>{"category.created", "category.deleted", "category.updated"}));
}

TEST(CategorySyncTest, TopicsTxtCreatesTheGroupsTopics) {
  const std::set<std::string> deployed = shop::testing::DeployedTopics();
  std::vector<std::string> topics = CategorySyncHandlers().Topics();
  topics.push_back(events::consumer::RetryTopic(kCategorySyncGroup));
  topics.push_back(events::consumer::DeadLetterTopic(kCategorySyncGroup));
  for (const std::string& topic : topics) {
    EXPECT_TRUE(deployed.contains(topic)) << topic << " is missing from topics.txt";
  }
}

}  // namespace
}  // namespace shop::product
