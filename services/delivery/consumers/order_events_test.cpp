// The delivery.order-events group consumes the topics of the events it handles, and the
// deployment creates them with the group's .retry and .dlq (deploy/local/kafka/topics.txt).
#include "delivery/consumers/order_events.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "platform/metrics/registry.hpp"
#include "tests/support/group_topics.hpp"

namespace shop::delivery {
namespace {

class OrderEventsTest : public ::testing::Test {
 protected:
  metrics::Registry registry_;
  DeliveryMetrics metrics_{registry_};
  ShipmentTransitions transitions_{metrics_};
};

TEST_F(OrderEventsTest, TheGroupConsumesConfirmationsAndCancellations) {
  EXPECT_EQ(OrderEventHandlers(transitions_, metrics_).Topics(),
            (std::vector<std::string>{"order.cancelled", "order.confirmed"}));
}

TEST_F(OrderEventsTest, TopicsTxtCreatesTheGroupsTopics) {
  EXPECT_THAT(shop::testing::GroupTopicsMissingFromTopicsTxt(
                  kOrderEventsGroup, OrderEventHandlers(transitions_, metrics_)),
              ::testing::IsEmpty());
}

}  // namespace
}  // namespace shop::delivery
