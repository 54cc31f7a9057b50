// The deadline scanner (services/order/tasks/deadline_scanner.hpp) on a real Postgres: an order
// past its deadline is cancelled with the step's timeout reason and order.cancelled (carrying the
// checkout's trace context); an order another transaction holds is skipped, never waited for,
// and taken by a later pass; orders not past their deadline stay as they are, and a deadline left
// on an order that no longer waits is dropped without a change; orders a pass leaves past their
// deadline are measured for the OrdersStuckPastDeadline alert.
#include "order/tasks/deadline_scanner.hpp"

#include <gtest/gtest.h>

#include <future>

#include "events/uuid_v7.hpp"
#include "order_fixture.hpp"
#include "test_support.hpp"

namespace shop::order::testing {
namespace {

class DeadlineScannerTest : public OrderFixture {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(OrderFixture::SetUp());
    intake_ = StartIntake();
  }

  // As if the order's deadline had passed a second ago.
  void PassDeadline(const std::string& id) {
    Execute("UPDATE orders SET deadline_at = now() - interval '1 second' WHERE id = '" + id + "'");
  }

  int Scan() { return CancelOrdersPastDeadline(*pool_, transitions_, registry_); }

  double Cancellations(const std::string& reason) {
    return registry_.GetCounter("order_deadline_cancellations_total", "", {"reason"}, {reason})
        .Value();
  }

  double Gauge(const std::string& name) { return registry_.GetGauge(name, "").Value(); }

  Group intake_;
};

TEST_F(DeadlineScannerTest, APendingOrderPastTheStockDeadlineIsCancelledWithOrderCancelled) {
  const std::string late = CreateOrder(intake_);
  const std::string waiting = CreateOrder(intake_);
  PassDeadline(late);

  EXPECT_EQ(Scan(), 1);

  const std::optional<Order> order = OrderOf(late);
  ASSERT_TRUE(order.has_value());
  EXPECT_EQ(order->status, OrderStatus::kCancelled);
  EXPECT_EQ(order->cancel_reason, CancelReason::kStockTimeout);
  EXPECT_EQ(order->version, 2);
  EXPECT_FALSE(order->deadline_at.has_value());
  EXPECT_FALSE(order->payment_token.has_value());
  const std::vector<OutboxRow> rows = OutboxOf(late);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1].type, "order.cancelled");
  EXPECT_EQ(rows[1].data.at("cancel_reason"), "stock_timeout");
  EXPECT_EQ(rows[1].traceparent, kTraceparent) << "the checkout's trace, kept by the order";
  const auto [status, output] =
      ::shop::testing::ValidateEventData("order.cancelled", rows[1].data.dump());
  EXPECT_EQ(status, 0) << output;
  EXPECT_EQ(TimelineOf(late).back().cause, "deadline");
  EXPECT_EQ(Cancellations("stock_timeout"), 1.0);

  EXPECT_EQ(OrderOf(waiting)->status, OrderStatus::kPending) << "its deadline has not passed";
  EXPECT_EQ(Scan(), 0) << "a second pass finds nothing";
}

TEST_F(DeadlineScannerTest, AnOrderWaitingForItsPaymentPastTheDeadlineIsCancelledAsPaymentTimeout) {
  const Group saga = StartSaga();
  const std::string id = CreateOrder(intake_);
  ASSERT_NO_FATAL_FAILURE(ProduceAndWaitApplied(saga, EventOf(Reserved(id))));
  PassDeadline(id);

  EXPECT_EQ(Scan(), 1);

  const std::optional<Order> order = OrderOf(id);
  ASSERT_TRUE(order.has_value());
  EXPECT_EQ(order->status, OrderStatus::kCancelled);
  EXPECT_EQ(order->cancel_reason, CancelReason::kPaymentTimeout);
  EXPECT_EQ(order->version, 3);
  EXPECT_EQ(EventTypesOf(id), (std::vector<std::string>{"order.created", "order.payment_requested",
                                                        "order.cancelled"}));
  EXPECT_EQ(Cancellations("payment_timeout"), 1.0);
}

TEST_F(DeadlineScannerTest, AnOrderAnotherTransactionHoldsIsSkippedNotWaitedForAndTakenLater) {
  const std::string held = CreateOrder(intake_);
  const std::string free = CreateOrder(intake_);
  PassDeadline(held);
  PassDeadline(free);

  // Another instance (or a consumer) holds one order's row lock.
  pqxx::connection other(uri_);
  pqxx::work holder(other);
  holder.exec("SELECT id FROM orders WHERE id = '" + held + "' FOR UPDATE");

  // The pass takes only the free order and returns while the lock is held: a scan that waited
  // would never finish before the holder ends, and the future would time out.
  std::future<int> pass = std::async(std::launch::async, [this] { return Scan(); });
  ASSERT_EQ(pass.wait_for(std::chrono::seconds(30)), std::future_status::ready);
  EXPECT_EQ(pass.get(), 1);
  EXPECT_EQ(OrderOf(free)->status, OrderStatus::kCancelled);
  EXPECT_EQ(OrderOf(held)->status, OrderStatus::kPending);

  holder.abort();
  EXPECT_EQ(Scan(), 1);
  EXPECT_EQ(OrderOf(held)->status, OrderStatus::kCancelled);
  EXPECT_EQ(EventTypesOf(held), (std::vector<std::string>{"order.created", "order.cancelled"}));
}

TEST_F(DeadlineScannerTest, ADeadlineThatNoLongerAppliesChangesNothing) {
  const Group saga = StartSaga();
  const std::string id = CreateOrder(intake_);
  ASSERT_NO_FATAL_FAILURE(ProduceAndWaitApplied(saga, EventOf(Rejected(id, events::NewUuidV7()))));
  // A cancelled order has no deadline; one left behind (by hand, say) does not cancel it again.
  PassDeadline(id);

  EXPECT_EQ(Scan(), 0);
  const std::optional<Order> order = OrderOf(id);
  ASSERT_TRUE(order.has_value());
  EXPECT_EQ(order->cancel_reason, CancelReason::kOutOfStock);
  EXPECT_EQ(order->version, 2);
  EXPECT_FALSE(order->deadline_at.has_value()) << "dropped, so no later pass takes it again";
  EXPECT_EQ(EventTypesOf(id), (std::vector<std::string>{"order.created", "order.cancelled"}));
}

TEST_F(DeadlineScannerTest, AnOrderLeftPastItsDeadlineIsMeasuredUntilAPassCancelsIt) {
  const std::string held = CreateOrder(intake_);
  const std::string waiting = CreateOrder(intake_);
  Execute("UPDATE orders SET deadline_at = now() - interval '90 seconds' WHERE id = '" + held +
          "'");

  // Another transaction holds the order: the pass leaves it, the measurement counts it.
  pqxx::connection other(uri_);
  pqxx::work holder(other);
  holder.exec("SELECT id FROM orders WHERE id = '" + held + "' FOR UPDATE");
  EXPECT_EQ(Scan(), 0);
  const OverdueOrders stuck = MeasureOverdueOrders(*pool_, registry_);
  EXPECT_EQ(stuck.count, 1) << "only the held order is past its deadline";
  EXPECT_GE(stuck.oldest_seconds, 90.0);
  EXPECT_EQ(Gauge("order_saga_overdue_orders"), 1.0);
  EXPECT_EQ(Gauge("order_saga_oldest_overdue_seconds"), stuck.oldest_seconds);

  holder.abort();
  EXPECT_EQ(Scan(), 1);
  const OverdueOrders cleared = MeasureOverdueOrders(*pool_, registry_);
  EXPECT_EQ(cleared.count, 0);
  EXPECT_EQ(cleared.oldest_seconds, 0.0);
  EXPECT_EQ(Gauge("order_saga_overdue_orders"), 0.0);
  EXPECT_EQ(Gauge("order_saga_oldest_overdue_seconds"), 0.0);
  EXPECT_EQ(OrderOf(waiting)->status, OrderStatus::kPending) << "its deadline has not passed";
}

}  // namespace
}  // namespace shop::order::testing
