// delivery.order-events against the real Kafka and Postgres of tests/run (docs/decisions/0034):
// one shipment per order whatever the replays and copies, a cancellation before pickup cancels it,
// one after pickup is recorded and changes nothing else, one before the confirmation leaves a
// tombstone so no shipment is made, and confirmations racing cancellations never leave a live
// shipment of a cancelled order.
#include "delivery/consumers/order_events.hpp"

#include <gtest/gtest.h>

#include <thread>

#include "consumer_fixture.hpp"
#include "delivery/domain/tracking_number.hpp"
#include "delivery/migrations.hpp"
#include "delivery/store/shipment_store.hpp"
#include "events/uuid_v7.hpp"
#include "saga_events.hpp"
#include "test_support.hpp"

namespace shop::delivery {
namespace {

using order::testing::Cancelled;
using order::testing::Confirmed;
using shop::testing::ConsumerFixture;

constexpr const char* kTraceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

template <events::CatalogEvent T>
events::CloudEvent EventOf(const T& event) {
  events::CloudEvent envelope = shop::testing::TestEvent(
      std::string(T::kType.type), event.AggregateId(), event.ToJson(), "/services/order");
  envelope.traceparent = kTraceparent;
  return envelope;
}

struct OutboxRow {
  std::string type;
  nlohmann::json data;
  std::string traceparent;
};

class OrderEventsTest : public ConsumerFixture {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(OpenDatabase({.database_prefix = "delivery_it",
                                          .group_prefix = "delivery-it",
                                          .migrations = Migrations(),
                                          .statements = DeliveryStatements()}));
    group_ = StartConsumer("order-events", OrderEventHandlers(transitions_, metrics_));
  }

  template <events::CatalogEvent T>
  void Consume(const T& event) {
    ASSERT_NO_FATAL_FAILURE(ProduceAndWaitApplied(group_, EventOf(event)));
  }

  std::optional<Shipment> ShipmentOf(const std::string& order_id) {
    return pool_->WithTransaction(
        [&](pqxx::work& txn) { return FindShipmentOfOrder(txn, order_id); });
  }

  std::vector<HistoryEntry> HistoryOf(const Shipment& shipment) {
    return pool_->WithTransaction([&](pqxx::work& txn) { return LoadHistory(txn, shipment.id); });
  }

  std::vector<OutboxRow> OutboxOf(const std::string& order_id) {
    pqxx::connection connection(uri_);
    pqxx::work txn(connection);
    std::vector<OutboxRow> rows;
    for (const pqxx::row& r :
         txn.exec_params("SELECT event_type, payload::text, COALESCE(headers->>'traceparent', '') "
                         "FROM outbox WHERE key = $1 ORDER BY id",
                         order_id)) {
      rows.push_back({.type = r[0].as<std::string>(),
                      .data = nlohmann::json::parse(r[1].as<std::string>()),
                      .traceparent = r[2].as<std::string>()});
    }
    return rows;
  }

  // A courier moves the order's shipment to `to`, as the route does.
  void CourierMoves(const std::string& order_id, ShipmentStatus to) {
    pool_->WithTransaction([&](pqxx::work& txn) {
      const Shipment shipment = *FindShipmentOfOrder(txn, order_id);
      ASSERT_TRUE(transitions_.Move(txn, shipment, to, std::nullopt,
                                    {.user_id = events::NewUuidV7(), .role = "courier"}));
    });
  }

  double Cancellations(const std::string& outcome) {
    return registry_.GetCounter("delivery_order_cancellations_total", "", {"outcome"}, {outcome})
        .Value();
  }

  DeliveryMetrics metrics_{registry_};
  ShipmentTransitions transitions_{metrics_};
  Group group_;
  const std::string user_ = events::NewUuidV7();
};

TEST_F(OrderEventsTest, AConfirmedOrderGetsOneShipmentWithItsEventWhateverTheCopies) {
  const std::string order = events::NewUuidV7();
  const events::CloudEvent confirmed = EventOf(Confirmed(order, user_));
  ASSERT_NO_FATAL_FAILURE(ProduceAndWaitApplied(group_, confirmed));
  ASSERT_NO_FATAL_FAILURE(ProduceAndWaitApplied(group_, confirmed));  // a replay: same ce_id
  ASSERT_NO_FATAL_FAILURE(Consume(Confirmed(order, user_)));          // a copy: a new ce_id

  const std::optional<Shipment> shipment = ShipmentOf(order);
  ASSERT_TRUE(shipment.has_value());
  EXPECT_EQ(shipment->status, ShipmentStatus::kLabelCreated);
  EXPECT_EQ(shipment->user_id, user_);
  EXPECT_EQ(shipment->version, 1);
  ASSERT_TRUE(shipment->tracking_number.has_value());
  EXPECT_TRUE(IsTrackingNumber(*shipment->tracking_number)) << *shipment->tracking_number;
  EXPECT_EQ(Scalar("SELECT count(*) FROM shipments"), 1);
  ASSERT_EQ(HistoryOf(*shipment).size(), 1u);
  EXPECT_FALSE(HistoryOf(*shipment)[0].from_status.has_value());
  EXPECT_EQ(HistoryOf(*shipment)[0].by_role, "system");

  const std::vector<OutboxRow> rows = OutboxOf(order);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].type, "delivery.shipment_created");
  EXPECT_EQ(rows[0].data.at("shipment_id"), shipment->id);
  EXPECT_EQ(rows[0].data.at("tracking_number"), *shipment->tracking_number);
  EXPECT_EQ(rows[0].data.at("version"), 1);
  EXPECT_EQ(rows[0].traceparent, kTraceparent);
  const auto [status, output] = shop::testing::ValidateEventData(rows[0].type, rows[0].data.dump());
  EXPECT_EQ(status, 0) << output;
  EXPECT_EQ(Messages(group_.id, "duplicate"), 1);
  EXPECT_EQ(registry_.GetCounter("delivery_shipments_created_total", "").Value(), 1);
}

TEST_F(OrderEventsTest, ACancellationBeforePickupCancelsTheShipmentOnce) {
  const std::string order = events::NewUuidV7();
  ASSERT_NO_FATAL_FAILURE(Consume(Confirmed(order, user_)));
  ASSERT_NO_FATAL_FAILURE(Consume(Cancelled(order, user_)));
  ASSERT_NO_FATAL_FAILURE(Consume(Cancelled(order, user_)));  // a copy under a new ce_id

  const std::optional<Shipment> shipment = ShipmentOf(order);
  ASSERT_TRUE(shipment.has_value());
  EXPECT_EQ(shipment->status, ShipmentStatus::kCancelled);
  EXPECT_EQ(shipment->version, 2);
  EXPECT_TRUE(shipment->order_cancelled_at.has_value());
  const std::vector<HistoryEntry> history = HistoryOf(*shipment);
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[1].from_status, ShipmentStatus::kLabelCreated);
  EXPECT_EQ(history[1].to_status, ShipmentStatus::kCancelled);

  const std::vector<OutboxRow> rows = OutboxOf(order);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1].type, "delivery.cancelled");
  EXPECT_EQ(rows[1].data.at("status"), "cancelled");
  EXPECT_EQ(rows[1].data.at("version"), 2);
  EXPECT_EQ(rows[1].traceparent, kTraceparent);
  const auto [status, output] = shop::testing::ValidateEventData(rows[1].type, rows[1].data.dump());
  EXPECT_EQ(status, 0) << output;
  EXPECT_EQ(Cancellations("cancelled"), 1);
  EXPECT_EQ(Cancellations("duplicate"), 1);
}

TEST_F(OrderEventsTest, ACancellationAfterPickupIsRecordedOnceAndTheParcelKeepsMoving) {
  const std::string order = events::NewUuidV7();
  ASSERT_NO_FATAL_FAILURE(Consume(Confirmed(order, user_)));
  ASSERT_NO_FATAL_FAILURE(CourierMoves(order, ShipmentStatus::kPickedUp));
  ASSERT_NO_FATAL_FAILURE(Consume(Cancelled(order, user_)));
  ASSERT_NO_FATAL_FAILURE(Consume(Cancelled(order, user_)));

  const std::optional<Shipment> shipment = ShipmentOf(order);
  ASSERT_TRUE(shipment.has_value());
  EXPECT_EQ(shipment->status, ShipmentStatus::kPickedUp);
  EXPECT_EQ(shipment->version, 2) << "recording the cancellation is no move";
  EXPECT_TRUE(shipment->order_cancelled_at.has_value());
  const std::vector<HistoryEntry> history = HistoryOf(*shipment);
  ASSERT_EQ(history.size(), 3u) << "created, picked up, one note";
  EXPECT_EQ(history[2].from_status, ShipmentStatus::kPickedUp);
  EXPECT_EQ(history[2].to_status, ShipmentStatus::kPickedUp);
  EXPECT_NE(history[2].note.value_or("").find("cancelled after the pickup"), std::string::npos);
  const std::vector<OutboxRow> rows = OutboxOf(order);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1].type, "delivery.status_changed");
  EXPECT_EQ(Cancellations("too_late"), 1);
  EXPECT_EQ(Cancellations("duplicate"), 1);

  // The parcel can still be sent back (docs/runbooks/delivery.md).
  ASSERT_NO_FATAL_FAILURE(CourierMoves(order, ShipmentStatus::kInTransit));
  ASSERT_NO_FATAL_FAILURE(CourierMoves(order, ShipmentStatus::kReturned));
  EXPECT_EQ(ShipmentOf(order)->status, ShipmentStatus::kReturned);
}

TEST_F(OrderEventsTest, ACancellationBeforeTheConfirmationLeavesATombstoneAndNoShipment) {
  const std::string order = events::NewUuidV7();
  ASSERT_NO_FATAL_FAILURE(Consume(Cancelled(order, user_)));
  ASSERT_NO_FATAL_FAILURE(Consume(Confirmed(order, user_)));

  const std::optional<Shipment> tombstone = ShipmentOf(order);
  ASSERT_TRUE(tombstone.has_value());
  EXPECT_TRUE(tombstone->IsTombstone());
  EXPECT_EQ(tombstone->status, ShipmentStatus::kCancelled);
  EXPECT_TRUE(HistoryOf(*tombstone).empty());
  EXPECT_TRUE(OutboxOf(order).empty()) << "no shipment, no event";
  EXPECT_EQ(Cancellations("tombstone"), 1);
  EXPECT_EQ(registry_.GetCounter("delivery_shipments_created_total", "").Value(), 0);
}

// Confirmations and cancellations of the same orders consumed at once by two groups (as
// order.confirmed and order.cancelled are two topics, read by any instance): whichever transaction
// commits second sees the first, so no cancelled order is left with a live shipment.
TEST_F(OrderEventsTest, AConfirmationRacingACancellationNeverLeavesALiveShipment) {
  const Group other = StartConsumer("order-events-2", OrderEventHandlers(transitions_, metrics_));
  std::vector<std::string> orders;
  for (int i = 0; i < 20; ++i) {
    orders.push_back(events::NewUuidV7());
  }
  std::vector<events::CloudEvent> confirmations;
  std::vector<events::CloudEvent> cancellations;
  for (const std::string& order : orders) {
    confirmations.push_back(EventOf(Confirmed(order, user_)));
    cancellations.push_back(EventOf(Cancelled(order, user_)));
  }
  std::thread confirm([&] {
    for (const events::CloudEvent& event : confirmations) {
      Produce(group_.source, event);
    }
  });
  for (const events::CloudEvent& event : cancellations) {
    Produce(other.source, event);
  }
  confirm.join();
  ASSERT_TRUE(shop::testing::WaitFor(
      [&] {
        for (std::size_t i = 0; i < orders.size(); ++i) {
          if (!Applied(group_.id, confirmations[i].id) || !Applied(other.id, cancellations[i].id)) {
            return false;
          }
        }
        return true;
      },
      shop::testing::kConsumerDeadline));

  for (const std::string& order : orders) {
    const std::optional<Shipment> shipment = ShipmentOf(order);
    ASSERT_TRUE(shipment.has_value()) << order;
    EXPECT_EQ(shipment->status, ShipmentStatus::kCancelled) << order;
    const std::vector<OutboxRow> rows = OutboxOf(order);
    // Either a tombstone (no events) or a shipment created and cancelled.
    if (shipment->IsTombstone()) {
      EXPECT_TRUE(rows.empty()) << order;
    } else {
      ASSERT_EQ(rows.size(), 2u) << order;
      EXPECT_EQ(rows[1].type, "delivery.cancelled");
    }
  }
}

}  // namespace
}  // namespace shop::delivery
