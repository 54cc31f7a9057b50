// The payment.order-events group consumes the topics of the events it handles, and the
// deployment creates them with the group's .retry and .dlq (deploy/local/kafka/topics.txt).
#include "payment/consumers/order_events.hpp"

#include <gtest/gtest.h>

#include "events/consumer/dead_letter.hpp"
#include "platform/metrics/registry.hpp"
#include "tests/support/deployed_topics.hpp"

namespace shop::payment {
namespace {

TEST(OrderEventsTest, TheGroupConsumesPaymentRequestsAndCancellations) {
  metrics::Registry registry;
  PaymentMetrics metrics(registry);
  EXPECT_EQ(OrderEventHandlers(metrics).Topics(),
            (std::vector<std::string>{"order.cancelled", "order.payment_requested"}));
}

TEST(OrderEventsTest, TopicsTxtCreatesTheGroupsTopics) {
  metrics::Registry registry;
  PaymentMetrics metrics(registry);
  std::vector<std::string> topics = OrderEventHandlers(metrics).Topics();
  topics.push_back(events::consumer::RetryTopic(kOrderEventsGroup));
  topics.push_back(events::consumer::DeadLetterTopic(kOrderEventsGroup));
  const std::set<std::string> deployed = shop::testing::DeployedTopics();
  for (const std::string& topic : topics) {
    EXPECT_TRUE(deployed.contains(topic)) << topic << " is missing from topics.txt";
  }
}

}  // namespace
}  // namespace shop::payment
