// order.checkout-intake against the real Kafka and Postgres of tests/run: each cart.checked_out
// makes exactly one pending order with its lines, timeline and order.created; a duplicate (the
// same event again, or the same checkout under another ce_id) makes no second order.
#include <gtest/gtest.h>

#include "events/uuid_v7.hpp"
#include "order_fixture.hpp"
#include "test_support.hpp"

namespace shop::order::testing {
namespace {

using IntakeTest = OrderFixture;

TEST_F(IntakeTest, ACheckoutBecomesOnePendingOrderWithItsLinesTimelineAndOrderCreated) {
  const Group intake = StartIntake();
  const std::string id = events::NewUuidV7();
  const std::string user = events::NewUuidV7();
  const std::string seller = events::NewUuidV7();
  const events::CartCheckedOut checkout = Checkout(id, user, seller);
  const events::CloudEvent event = EventOf(checkout);
  ASSERT_NO_FATAL_FAILURE(ProduceAndWaitApplied(intake, event));

  const std::optional<Order> order = OrderOf(id);
  ASSERT_TRUE(order.has_value());
  EXPECT_EQ(order->user_id, user);
  EXPECT_EQ(order->status, OrderStatus::kPending);
  EXPECT_EQ(order->version, 1);
  EXPECT_EQ(order->total, "59.80");
  EXPECT_EQ(order->discount, "0.00");
  ASSERT_EQ(order->lines.size(), 2u);
  EXPECT_EQ(order->lines[0].seller_id, seller);
  EXPECT_EQ(order->lines[0].line_total, "25.00");
  EXPECT_FALSE(order->lines[1].seller_id.has_value());
  EXPECT_EQ(order->shipping_address.country, "GB");
  EXPECT_EQ(order->payment_token, "tok_visa");
  EXPECT_EQ(order->traceparent, kTraceparent);
  EXPECT_TRUE(order->deadline_at.has_value()) << "a pending order waits for the stock";
  EXPECT_EQ(Scalar("SELECT count(*) FROM order_lines WHERE order_id = '" + id + "'"), 2);
  EXPECT_EQ(Scalar("SELECT count(*) FROM order_lines WHERE order_id = '" + id +
                   "' AND seller_id = '" + seller + "'"),
            1);

  const std::vector<TimelineEntry> timeline = TimelineOf(id);
  ASSERT_EQ(timeline.size(), 1u);
  EXPECT_FALSE(timeline[0].from_status.has_value());
  EXPECT_EQ(timeline[0].to_status, OrderStatus::kPending);
  EXPECT_EQ(timeline[0].cause, "cart.checked_out");

  const std::vector<OutboxRow> rows = OutboxOf(id);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].type, "order.created");
  EXPECT_EQ(rows[0].traceparent, kTraceparent);
  EXPECT_EQ(rows[0].data.at("status"), "pending");
  EXPECT_EQ(rows[0].data.at("version"), 1);
  EXPECT_EQ(rows[0].data.at("lines").size(), 2u);
  EXPECT_FALSE(rows[0].data.contains("payment_token")) << "the token goes only to payment";
  const auto [status, output] =
      ::shop::testing::ValidateEventData("order.created", rows[0].data.dump());
  EXPECT_EQ(status, 0) << output;
}

TEST_F(IntakeTest, ADuplicatedOrReplayedCheckoutMakesNoSecondOrder) {
  const Group intake = StartIntake();
  const std::string id = events::NewUuidV7();
  const events::CartCheckedOut checkout = Checkout(id, events::NewUuidV7(), events::NewUuidV7());
  const events::CloudEvent first = EventOf(checkout);
  ASSERT_NO_FATAL_FAILURE(ProduceAndWaitApplied(intake, first));
  // The same message again (a redelivery): the inbox skips it.
  ASSERT_NO_FATAL_FAILURE(ProduceAndWaitApplied(intake, first));
  // The same checkout under a new ce_id (replayed by shopctl --to original, or produced twice):
  // the order's id is the checkout id, so it finds the order.
  ASSERT_NO_FATAL_FAILURE(ProduceAndWaitApplied(intake, EventOf(checkout)));

  EXPECT_EQ(Scalar("SELECT count(*) FROM orders"), 1);
  EXPECT_EQ(Scalar("SELECT count(*) FROM order_lines"), 2);
  EXPECT_EQ(EventTypesOf(id), std::vector<std::string>{"order.created"});
  EXPECT_EQ(TimelineOf(id).size(), 1u);
  EXPECT_EQ(OrderOf(id)->version, 1);
  EXPECT_GE(Messages(intake.id, "duplicate"), 1.0);
}

TEST_F(IntakeTest, ACheckoutWithoutAddressOrTokenMakesNoOrder) {
  const Group intake = StartIntake();
  events::CartCheckedOut no_address =
      Checkout(events::NewUuidV7(), events::NewUuidV7(), events::NewUuidV7());
  no_address.shipping_address.reset();
  events::CartCheckedOut no_token =
      Checkout(events::NewUuidV7(), events::NewUuidV7(), events::NewUuidV7());
  no_token.payment_token.reset();
  ASSERT_NO_FATAL_FAILURE(ProduceAndWaitApplied(intake, EventOf(no_address)));
  ASSERT_NO_FATAL_FAILURE(ProduceAndWaitApplied(intake, EventOf(no_token)));
  EXPECT_EQ(Scalar("SELECT count(*) FROM orders"), 0);
  EXPECT_EQ(Scalar("SELECT count(*) FROM outbox"), 0);
}

}  // namespace
}  // namespace shop::order::testing
