// order-service's consumer groups take their topics from their handlers, and the deployment
// creates them: the source topics, `<group>.retry` and `<group>.dlq` are in
// deploy/local/kafka/topics.txt.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "order/consumers/checkout_intake.hpp"
#include "order/consumers/delivery_events.hpp"
#include "order/consumers/order_saga.hpp"
#include "tests/support/group_topics.hpp"

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

TEST(OrderGroupsTest, TheDeliveryGroupConsumesDeliveryServicesEvents) {
  EXPECT_EQ(DeliveryEventHandlers(kTransitions).Topics(),
            (std::vector<std::string>{"delivery.cancelled", "delivery.shipment_created",
                                      "delivery.status_changed"}));
}

TEST(OrderGroupsTest, TopicsTxtCreatesEachGroupsTopics) {
  EXPECT_THAT(shop::testing::GroupTopicsMissingFromTopicsTxt(kCheckoutIntakeGroup,
                                                             CheckoutIntakeHandlers(kTransitions)),
              ::testing::IsEmpty());
  EXPECT_THAT(shop::testing::GroupTopicsMissingFromTopicsTxt(kOrderSagaGroup,
                                                             OrderSagaHandlers(kTransitions)),
              ::testing::IsEmpty());
  EXPECT_THAT(shop::testing::GroupTopicsMissingFromTopicsTxt(kDeliveryEventsGroup,
                                                             DeliveryEventHandlers(kTransitions)),
              ::testing::IsEmpty());
}

}  // namespace
}  // namespace shop::order
