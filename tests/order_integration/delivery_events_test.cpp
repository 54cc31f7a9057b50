// order.delivery-events against the real Kafka and Postgres of tests/run: delivery-service's
// tracking events ship and deliver a confirmed order (order.shipped, order.delivered with the
// checkout's trace), every step becomes a timeline line, each version of the shipment counts once
// (a duplicate, a copy under a new ce_id, a late creation), a parcel moving for a cancelled order
// changes nothing but says so, a cancelled shipment is a line, and an event for an unknown order is
// dead-lettered.
#include <gtest/gtest.h>

#include "events/consumer/dead_letter.hpp"
#include "events/uuid_v7.hpp"
#include "order/store/order_store.hpp"
#include "order_fixture.hpp"
#include "test_support.hpp"

namespace shop::order::testing {
namespace {

class DeliveryEventsTest : public OrderFixture {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(OrderFixture::SetUp());
    intake_ = StartIntake();
    saga_ = StartSaga();
    delivery_ = StartDeliveryEvents();
  }

  // A confirmed order (version 4) and the id of its shipment.
  std::string ConfirmedOrder() {
    const std::string id = CreateOrder(intake_);
    EXPECT_NO_FATAL_FAILURE(ProduceAndWaitApplied(saga_, EventOf(Reserved(id))));
    EXPECT_NO_FATAL_FAILURE(ProduceAndWaitApplied(saga_, EventOf(Succeeded(id))));
    EXPECT_EQ(OrderOf(id)->status, OrderStatus::kConfirmed);
    user_ = OrderOf(id)->user_id;
    return id;
  }

  template <events::CatalogEvent T>
  void Track(const T& event) {
    ASSERT_NO_FATAL_FAILURE(ProduceAndWaitApplied(delivery_, EventOf(event)));
  }

  events::DeliveryStatusChanged Moved(const std::string& id, const std::string& from,
                                      const std::string& to, std::int64_t version,
                                      std::optional<std::string> note = std::nullopt) {
    return ShipmentMoved(id, user_, shipment_, from, to, version, std::move(note));
  }

  Group intake_;
  Group saga_;
  Group delivery_;
  std::string user_;
  const std::string shipment_ = events::NewUuidV7();
};

TEST_F(DeliveryEventsTest, PickupShipsDeliveryDeliversAndEveryStepIsATimelineLine) {
  const std::string id = ConfirmedOrder();
  const std::size_t before = TimelineOf(id).size();
  ASSERT_NO_FATAL_FAILURE(Track(ShipmentCreated(id, user_, shipment_)));
  EXPECT_EQ(OrderOf(id)->status, OrderStatus::kConfirmed);
  ASSERT_NO_FATAL_FAILURE(Track(Moved(id, "label_created", "picked_up", 2)));
  EXPECT_EQ(OrderOf(id)->status, OrderStatus::kShipped);
  ASSERT_NO_FATAL_FAILURE(Track(Moved(id, "picked_up", "in_transit", 3)));
  ASSERT_NO_FATAL_FAILURE(Track(Moved(id, "in_transit", "out_for_delivery", 4)));
  ASSERT_NO_FATAL_FAILURE(Track(Moved(id, "out_for_delivery", "failed_attempt", 5, "nobody home")));
  ASSERT_NO_FATAL_FAILURE(Track(Moved(id, "failed_attempt", "out_for_delivery", 6)));
  ASSERT_NO_FATAL_FAILURE(Track(Moved(id, "out_for_delivery", "delivered", 7)));

  const std::optional<Order> order = OrderOf(id);
  ASSERT_TRUE(order.has_value());
  EXPECT_EQ(order->status, OrderStatus::kDelivered);
  EXPECT_EQ(order->version, 6);  // confirmed 4, shipped 5, delivered 6
  EXPECT_EQ(EventTypesOf(id),
            (std::vector<std::string>{"order.created", "order.payment_requested", "order.confirmed",
                                      "order.shipped", "order.delivered"}));
  for (const OutboxRow& row : OutboxOf(id)) {
    EXPECT_EQ(row.traceparent, kTraceparent) << row.type;
    const auto [status, output] = ::shop::testing::ValidateEventData(row.type, row.data.dump());
    EXPECT_EQ(status, 0) << row.type << ": " << output;
  }

  const std::vector<TimelineEntry> timeline = TimelineOf(id);
  ASSERT_EQ(timeline.size(), before + 7);
  const auto line = [&](std::size_t i) { return timeline[before + i]; };
  EXPECT_EQ(line(0).cause, "delivery.shipment_created");
  EXPECT_EQ(line(0).detail, "label_created, tracking number SH0000000000AB");
  EXPECT_EQ(line(0).to_status, OrderStatus::kConfirmed);
  EXPECT_EQ(line(1).cause, "delivery.status_changed");
  EXPECT_EQ(line(1).detail, "picked_up");
  EXPECT_EQ(line(1).from_status, OrderStatus::kConfirmed);
  EXPECT_EQ(line(1).to_status, OrderStatus::kShipped);
  EXPECT_EQ(line(2).detail, "in_transit");
  EXPECT_EQ(line(2).to_status, OrderStatus::kShipped);
  EXPECT_EQ(line(4).detail, "failed_attempt: nobody home");
  EXPECT_EQ(line(6).detail, "delivered");
  EXPECT_EQ(line(6).to_status, OrderStatus::kDelivered);
  EXPECT_EQ(line(6).version, 6);
}

TEST_F(DeliveryEventsTest, EachShipmentVersionCountsOnceWhateverItsCeIdOrArrival) {
  const std::string id = ConfirmedOrder();
  // The pickup overtakes the creation (another topic): both are recorded, the order ships once.
  ASSERT_NO_FATAL_FAILURE(Track(Moved(id, "label_created", "picked_up", 2)));
  ASSERT_NO_FATAL_FAILURE(Track(ShipmentCreated(id, user_, shipment_)));
  const std::size_t lines = TimelineOf(id).size();

  // The same pickup again under its own ce_id (the inbox), and copies under new ones (the
  // shipment's version).
  const events::CloudEvent pickup = EventOf(Moved(id, "label_created", "picked_up", 2));
  ASSERT_NO_FATAL_FAILURE(ProduceAndWaitApplied(delivery_, pickup));
  ASSERT_NO_FATAL_FAILURE(ProduceAndWaitApplied(delivery_, pickup));
  ASSERT_NO_FATAL_FAILURE(Track(Moved(id, "label_created", "picked_up", 2)));
  ASSERT_NO_FATAL_FAILURE(Track(ShipmentCreated(id, user_, shipment_)));

  EXPECT_EQ(TimelineOf(id).size(), lines) << "nothing recorded twice";
  EXPECT_EQ(OrderOf(id)->version, 5);
  EXPECT_EQ(EventTypesOf(id).back(), "order.shipped");
  EXPECT_EQ(Scalar("SELECT count(*) FROM outbox WHERE event_type = 'order.shipped' AND key = '" +
                   id + "'"),
            1);
  EXPECT_EQ(Scalar("SELECT count(*) FROM order_shipment_steps WHERE order_id = '" + id + "'"), 2);
}

TEST_F(DeliveryEventsTest, ADeliveryWhosePickupWasLostShipsAndDeliversTheOrder) {
  const std::string id = ConfirmedOrder();
  ASSERT_NO_FATAL_FAILURE(Track(Moved(id, "out_for_delivery", "delivered", 5)));
  const std::optional<Order> order = OrderOf(id);
  ASSERT_TRUE(order.has_value());
  EXPECT_EQ(order->status, OrderStatus::kDelivered);
  EXPECT_EQ(order->version, 6);
  const std::vector<std::string> types = EventTypesOf(id);
  ASSERT_GE(types.size(), 2u);
  EXPECT_EQ(types[types.size() - 2], "order.shipped");
  EXPECT_EQ(types.back(), "order.delivered");
}

TEST_F(DeliveryEventsTest, AParcelMovingForACancelledOrderChangesNothingButSaysSo) {
  const std::string id = ConfirmedOrder();
  ASSERT_NO_FATAL_FAILURE(Track(ShipmentCreated(id, user_, shipment_)));
  pool_->WithTransaction([&](pqxx::work& txn) {
    transitions_.Apply(txn, *LockOrder(txn, id), OrderInput::kCustomerCancel, {});
  });
  ASSERT_EQ(OrderOf(id)->status, OrderStatus::kCancelled);
  // delivery-service had the parcel picked up before it saw the cancellation.
  ASSERT_NO_FATAL_FAILURE(Track(Moved(id, "label_created", "picked_up", 2)));

  const std::optional<Order> order = OrderOf(id);
  ASSERT_TRUE(order.has_value());
  EXPECT_EQ(order->status, OrderStatus::kCancelled);
  EXPECT_EQ(EventTypesOf(id).back(), "order.cancelled");
  const TimelineEntry last = TimelineOf(id).back();
  EXPECT_EQ(last.cause, "delivery.status_changed");
  EXPECT_EQ(last.to_status, OrderStatus::kCancelled);
  EXPECT_NE(last.detail.find("docs/runbooks/delivery.md"), std::string::npos) << last.detail;
  EXPECT_NE(last.detail.find("picked_up"), std::string::npos) << last.detail;
}

TEST_F(DeliveryEventsTest, TheShipmentCancelledWithTheOrderIsALineOfItsTimeline) {
  const std::string id = ConfirmedOrder();
  ASSERT_NO_FATAL_FAILURE(Track(ShipmentCreated(id, user_, shipment_)));
  pool_->WithTransaction([&](pqxx::work& txn) {
    transitions_.Apply(txn, *LockOrder(txn, id), OrderInput::kCustomerCancel, {});
  });
  ASSERT_NO_FATAL_FAILURE(Track(ShipmentCancelled(id, user_, shipment_)));

  const TimelineEntry last = TimelineOf(id).back();
  EXPECT_EQ(last.cause, "delivery.cancelled");
  EXPECT_EQ(last.detail, "cancelled");
  EXPECT_EQ(last.to_status, OrderStatus::kCancelled);
  EXPECT_EQ(EventTypesOf(id).back(), "order.cancelled");
}

TEST_F(DeliveryEventsTest, AnEventForAnUnknownOrderIsDeadLettered) {
  const Group delivery = StartDeliveryEvents(/*max_attempts=*/1);
  const std::string unknown = events::NewUuidV7();
  ASSERT_NO_FATAL_FAILURE(Produce(
      delivery.source, EventOf(ShipmentMoved(unknown, events::NewUuidV7(), events::NewUuidV7(),
                                             "label_created", "picked_up", 2))));
  const std::vector<::shop::testing::KafkaRecord> dead =
      ReadTopic(events::consumer::DeadLetterTopic(delivery.id), 1);
  ASSERT_EQ(dead.size(), 1u);
  EXPECT_EQ(dead[0].key, unknown);
  EXPECT_NE(dead[0].Header("dlq_error_message").find("no order"), std::string::npos);
  EXPECT_EQ(Scalar("SELECT count(*) FROM order_shipment_steps"), 0);
}

}  // namespace
}  // namespace shop::order::testing
