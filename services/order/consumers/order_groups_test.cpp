// order-service's consumer groups take their topics from their handlers, and the deployment
// creates them: the source topics, `<group>.retry` and `<group>.dlq` are in
// deploy/local/kafka/topics.txt.
#include <gtest/gtest.h>

#include "events/consumer/dead_letter.hpp"
#include "order/consumers/checkout_intake.hpp"
#include "order/consumers/order_saga.hpp"
#include "tests/support/deployed_topics.hpp"

namespace shop::order {
namespace {

const OrderTransitions kTransitions{DeadlineSettings{}};

TEST(OrderGroupsTest, TheIntakeConsumesCheckoutsAndTheSagaTheStockAndPaymentAnswers) {
  EXPECT_EQ(CheckoutIntakeHandlers(kTransitions).Topics(),
            std::vector<std::string>{"cart.checked_out"});
  EXPECT_EQ(OrderSagaHandlers(kTransitions).Topics(),
            (std::vector<std::string>{"payment.failed", "payment.refunded", "payment.succeeded",
                                      "stock.rejected", "stock.released", "stock.reserved"}));
}

TEST(OrderGroupsTest, TopicsTxtCreatesEachGroupsTopics) {
  const std::set<std::string> deployed = shop::testing::DeployedTopics();
  for (const auto& [group, handlers] :
       {std::pair{kCheckoutIntakeGroup, CheckoutIntakeHandlers(kTransitions)},
        std::pair{kOrderSagaGroup, OrderSagaHandlers(kTransitions)}}) {
    std::vector<std::string> topics = handlers.Topics();
    topics.push_back(events::consumer::RetryTopic(group));
    topics.push_back(events::consumer::DeadLetterTopic(group));
    for (const std::string& topic : topics) {
      EXPECT_TRUE(deployed.contains(topic)) << topic << " is missing from topics.txt";
    }
  }
}

}  // namespace
}  // namespace shop::order
