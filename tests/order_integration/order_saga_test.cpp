// order.saga against the real Kafka and Postgres of tests/run: each answer of the stock and
// payment steps moves the order as the state machine says, writes its timeline and its event with
// the checkout's trace context; a late or repeated answer changes nothing and says why in the
// timeline; an answer for an order this service does not have is dead-lettered.
#include <gtest/gtest.h>

#include "events/consumer/dead_letter.hpp"
#include "events/uuid_v7.hpp"
#include "order_fixture.hpp"
#include "test_support.hpp"

namespace shop::order::testing {
namespace {

class SagaTest : public OrderFixture {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(OrderFixture::SetUp());
    intake_ = StartIntake();
    saga_ = StartSaga();
  }

  template <events::CatalogEvent T>
  void Answer(const T& event) {
    ASSERT_NO_FATAL_FAILURE(ProduceAndWaitApplied(saga_, EventOf(event)));
  }

  // Every outbox row of the order carries the checkout's trace and is valid under its schema.
  void ExpectEventsTracedAndValid(const std::string& id) {
    for (const OutboxRow& row : OutboxOf(id)) {
      EXPECT_EQ(row.traceparent, kTraceparent) << row.type;
      const auto [status, output] = ::shop::testing::ValidateEventData(row.type, row.data.dump());
      EXPECT_EQ(status, 0) << row.type << ": " << output;
    }
  }

  Group intake_;
  Group saga_;
};

TEST_F(SagaTest, StockReservedMovesTheOrderOnAndRequestsThePayment) {
  const std::string id = CreateOrder(intake_);
  ASSERT_NO_FATAL_FAILURE(Answer(Reserved(id)));

  const std::optional<Order> order = OrderOf(id);
  ASSERT_TRUE(order.has_value());
  EXPECT_EQ(order->status, OrderStatus::kStockReserved);
  EXPECT_EQ(order->version, 2);
  EXPECT_TRUE(order->deadline_at.has_value()) << "it waits for the payment now";
  EXPECT_EQ(order->payment_token, "tok_visa");
  const std::vector<OutboxRow> rows = OutboxOf(id);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1].type, "order.payment_requested");
  EXPECT_EQ(rows[1].data.at("amount"), "59.80");
  EXPECT_EQ(rows[1].data.at("payment_token"), "tok_visa");
  EXPECT_EQ(rows[1].data.at("version"), 2);
  ExpectEventsTracedAndValid(id);
}

TEST_F(SagaTest, PaymentSucceededConfirmsTheOrderAndForgetsTheToken) {
  const std::string id = CreateOrder(intake_);
  ASSERT_NO_FATAL_FAILURE(Answer(Reserved(id)));
  ASSERT_NO_FATAL_FAILURE(Answer(Succeeded(id)));

  const std::optional<Order> order = OrderOf(id);
  ASSERT_TRUE(order.has_value());
  EXPECT_EQ(order->status, OrderStatus::kConfirmed);
  EXPECT_EQ(order->version, 4);  // pending 1, stock_reserved 2, paid 3, confirmed 4
  EXPECT_FALSE(order->payment_token.has_value());
  EXPECT_FALSE(order->deadline_at.has_value());
  EXPECT_EQ(EventTypesOf(id), (std::vector<std::string>{"order.created", "order.payment_requested",
                                                        "order.confirmed"}));
  EXPECT_EQ(OutboxOf(id).back().data.at("version"), 4);
  const std::vector<TimelineEntry> timeline = TimelineOf(id);
  ASSERT_EQ(timeline.size(), 4u);
  EXPECT_EQ(timeline[2].to_status, OrderStatus::kPaid);
  EXPECT_EQ(timeline[3].to_status, OrderStatus::kConfirmed);
  EXPECT_EQ(timeline[3].cause, "payment.succeeded");
  ExpectEventsTracedAndValid(id);
}

TEST_F(SagaTest, StockRejectedCancelsTheOrderOutOfStockAndSaysWhatWasShort) {
  const std::string id = CreateOrder(intake_);
  const std::string product = events::NewUuidV7();
  ASSERT_NO_FATAL_FAILURE(Answer(Rejected(id, product)));

  const std::optional<Order> order = OrderOf(id);
  ASSERT_TRUE(order.has_value());
  EXPECT_EQ(order->status, OrderStatus::kCancelled);
  EXPECT_EQ(order->cancel_reason, CancelReason::kOutOfStock);
  EXPECT_FALSE(order->payment_token.has_value());
  EXPECT_FALSE(order->deadline_at.has_value());
  const std::vector<OutboxRow> rows = OutboxOf(id);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1].type, "order.cancelled");
  EXPECT_EQ(rows[1].data.at("cancel_reason"), "out_of_stock");
  EXPECT_EQ(rows[1].data.at("version"), 2);
  const std::string detail = TimelineOf(id).back().detail;
  EXPECT_NE(detail.find(product + " requested 2, available 1"), std::string::npos) << detail;
  ExpectEventsTracedAndValid(id);
}

TEST_F(SagaTest, PaymentFailedCancelsTheOrderAsDeclined) {
  const std::string id = CreateOrder(intake_);
  ASSERT_NO_FATAL_FAILURE(Answer(Reserved(id)));
  ASSERT_NO_FATAL_FAILURE(Answer(Failed(id)));

  const std::optional<Order> order = OrderOf(id);
  ASSERT_TRUE(order.has_value());
  EXPECT_EQ(order->status, OrderStatus::kCancelled);
  EXPECT_EQ(order->cancel_reason, CancelReason::kPaymentDeclined);
  EXPECT_EQ(order->version, 3);
  EXPECT_FALSE(order->payment_token.has_value());
  EXPECT_EQ(EventTypesOf(id), (std::vector<std::string>{"order.created", "order.payment_requested",
                                                        "order.cancelled"}));
  ExpectEventsTracedAndValid(id);
}

TEST_F(SagaTest, LateAndRepeatedAnswersChangeNothingAndTheTimelineSaysWhy) {
  const std::string id = CreateOrder(intake_);
  ASSERT_NO_FATAL_FAILURE(Answer(Reserved(id)));
  ASSERT_NO_FATAL_FAILURE(Answer(Succeeded(id)));
  const std::size_t entries = TimelineOf(id).size();

  // Each of another ce_id, so the inbox does not catch them: the state machine does.
  ASSERT_NO_FATAL_FAILURE(Answer(Reserved(id)));
  ASSERT_NO_FATAL_FAILURE(Answer(Rejected(id, events::NewUuidV7())));
  ASSERT_NO_FATAL_FAILURE(Answer(Failed(id)));
  ASSERT_NO_FATAL_FAILURE(Answer(Succeeded(id)));

  const std::optional<Order> order = OrderOf(id);
  ASSERT_TRUE(order.has_value());
  EXPECT_EQ(order->status, OrderStatus::kConfirmed);
  EXPECT_EQ(order->version, 4);
  EXPECT_EQ(OutboxOf(id).size(), 3u) << "no event for an answer that changed nothing";
  const std::vector<TimelineEntry> timeline = TimelineOf(id);
  ASSERT_EQ(timeline.size(), entries + 4);
  for (std::size_t i = entries; i < timeline.size(); ++i) {
    EXPECT_EQ(timeline[i].from_status, OrderStatus::kConfirmed);
    EXPECT_EQ(timeline[i].to_status, OrderStatus::kConfirmed);
    EXPECT_EQ(timeline[i].version, 4);
  }
  EXPECT_EQ(timeline[entries].cause, "stock.reserved");
  EXPECT_NE(timeline[entries].detail.find("stale"), std::string::npos);
  EXPECT_NE(timeline.back().detail.find("duplicate"), std::string::npos);
}

TEST_F(SagaTest, AnswersAfterACancellationAreIgnoredAndItsCompensationsRecorded) {
  const std::string id = CreateOrder(intake_);
  ASSERT_NO_FATAL_FAILURE(Answer(Rejected(id, events::NewUuidV7())));
  // Cross-topic order is not guaranteed: a reservation and a payment may still arrive.
  ASSERT_NO_FATAL_FAILURE(Answer(Reserved(id)));
  ASSERT_NO_FATAL_FAILURE(Answer(Succeeded(id)));
  ASSERT_NO_FATAL_FAILURE(Answer(Released(id)));
  ASSERT_NO_FATAL_FAILURE(Answer(Refunded(id)));

  const std::optional<Order> order = OrderOf(id);
  ASSERT_TRUE(order.has_value());
  EXPECT_EQ(order->status, OrderStatus::kCancelled);
  EXPECT_EQ(order->cancel_reason, CancelReason::kOutOfStock);
  EXPECT_EQ(order->version, 2);
  EXPECT_EQ(EventTypesOf(id), (std::vector<std::string>{"order.created", "order.cancelled"}));
  const std::vector<TimelineEntry> timeline = TimelineOf(id);
  ASSERT_EQ(timeline.size(), 6u);
  EXPECT_NE(timeline[2].detail.find("releases the stock"), std::string::npos);
  EXPECT_NE(timeline[3].detail.find("refunds"), std::string::npos);
  EXPECT_EQ(timeline[4].cause, "stock.released");
  EXPECT_EQ(timeline[5].cause, "payment.refunded");
  EXPECT_NE(timeline[5].detail.find("59.80"), std::string::npos);
}

TEST_F(SagaTest, AnAnswerForAnUnknownOrderIsDeadLettered) {
  const Group saga = StartSaga(/*max_attempts=*/1);
  const std::string unknown = events::NewUuidV7();
  ASSERT_NO_FATAL_FAILURE(Produce(saga.source, EventOf(Reserved(unknown))));
  const std::vector<::shop::testing::KafkaRecord> dead =
      ReadTopic(events::consumer::DeadLetterTopic(saga.id), 1);
  ASSERT_EQ(dead.size(), 1u);
  EXPECT_EQ(dead[0].key, unknown);
  EXPECT_NE(dead[0].Header("dlq_error_message").find("no order"), std::string::npos);
  EXPECT_EQ(Scalar("SELECT count(*) FROM orders"), 0);
}

}  // namespace
}  // namespace shop::order::testing
