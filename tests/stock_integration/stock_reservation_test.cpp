// The consumer group product.stock-reservation (services/product/consumers/stock_reservation.hpp)
// against the real Kafka and Postgres of tests/run: order.created and order.cancelled events are
// consumed, and what the group writes (stock, reservations, outbox rows with the consumed event's
// traceparent) is checked in the product database.
#include "product/consumers/stock_reservation.hpp"

#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "events/catalog/order_events.hpp"
#include "events/consumer/dead_letter.hpp"
#include "platform/config/env_config.hpp"
#include "platform/service/service_main.hpp"
#include "stock_fixture.hpp"
#include "test_support.hpp"

namespace shop::product::testing {
namespace {

using ::shop::testing::TestEvent;
using ::shop::testing::WaitFor;

constexpr const char* kTraceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

struct Line {
  std::string product_id;
  std::int64_t quantity;
};

events::OrderState Order(const std::string& order_id, const std::vector<Line>& lines,
                         const std::string& status = "pending") {
  events::OrderState order{.order_id = order_id,
                           .user_id = NewId(),
                           .status = status,
                           .cancel_reason = std::nullopt,
                           .lines = {},
                           .subtotal = "0.00",
                           .discount = "0.00",
                           .total = "0.00",
                           .promo_code = std::nullopt,
                           .shipping_address = {.name = "Ada Lovelace",
                                                .line1 = "1 Analytical Way",
                                                .line2 = std::nullopt,
                                                .city = "London",
                                                .postal_code = "N1 1AA",
                                                .country = "GB"},
                           .version = 1};
  for (const Line& line : lines) {
    order.lines.push_back({.product_id = line.product_id,
                           .name = "Lamp",
                           .unit_price = "0.00",
                           .quantity = line.quantity,
                           .line_total = "0.00",
                           .seller_id = std::nullopt});
  }
  if (status == "cancelled") {
    order.cancel_reason = "customer";
    order.version = 2;
  }
  return order;
}

events::CloudEvent Created(const std::string& order_id, const std::vector<Line>& lines) {
  events::CloudEvent event =
      TestEvent("order.created", order_id, events::OrderCreated{Order(order_id, lines)}.ToJson(),
                "/services/order");
  event.traceparent = kTraceparent;
  return event;
}

events::CloudEvent Cancelled(const std::string& order_id, const std::vector<Line>& lines) {
  events::CloudEvent event = TestEvent(
      "order.cancelled", order_id,
      events::OrderCancelled{Order(order_id, lines, "cancelled")}.ToJson(), "/services/order");
  event.traceparent = kTraceparent;
  return event;
}

struct OutboxEvent {
  nlohmann::json data;
  nlohmann::json headers;
};

class StockReservationTest : public StockFixture {
 protected:
  // The outbox rows of `event_type` with `key`, in the order written.
  std::vector<OutboxEvent> Outbox(const std::string& event_type, const std::string& key) {
    pqxx::connection connection(uri_);
    pqxx::work txn(connection);
    std::vector<OutboxEvent> rows;
    for (const auto& r : txn.exec_params(
             "SELECT payload::text, headers::text FROM outbox WHERE event_type = $1 AND key = $2 "
             "ORDER BY id",
             event_type, key)) {
      rows.push_back({nlohmann::json::parse(r[0].as<std::string>()),
                      nlohmann::json::parse(r[1].as<std::string>())});
    }
    return rows;
  }
  std::int64_t AllOutboxRows() { return Scalar("SELECT count(*) FROM outbox"); }
};

TEST_F(StockReservationTest, AnOrderThatFitsIsReservedAndEveryEventCarriesItsTraceparent) {
  const Group group = StartConsumer("reserve", StockReservationHandlers());
  const std::string lamp = AddProduct(3);
  const std::string bulb = AddProduct(2);
  const std::string order = NewId();

  ASSERT_NO_FATAL_FAILURE(ProduceAndWaitApplied(group, Created(order, {{lamp, 2}, {bulb, 1}})));

  EXPECT_EQ(Status(order), "reserved");
  EXPECT_EQ(Stock(lamp), 1);
  EXPECT_EQ(Stock(bulb), 1);
  const std::vector<OutboxEvent> reserved = Outbox("stock.reserved", order);
  ASSERT_EQ(reserved.size(), 1U);
  EXPECT_EQ(reserved[0].data.at("order_id"), order);
  EXPECT_EQ(reserved[0].data.at("version"), 1);
  EXPECT_EQ(reserved[0].data.at("lines").size(), 2U);
  for (const nlohmann::json& line : reserved[0].data.at("lines")) {
    EXPECT_EQ(line.at("quantity"), line.at("product_id") == lamp ? 2 : 1) << line;
  }
  EXPECT_EQ(reserved[0].headers.at("traceparent"), kTraceparent);
  // The cart's replica learns the new stock: the product's full state, its next version.
  for (const auto& [product, stock] : {std::pair{lamp, 1}, std::pair{bulb, 1}}) {
    const std::vector<OutboxEvent> updated = Outbox("product.updated", product);
    ASSERT_EQ(updated.size(), 1U) << product;
    EXPECT_EQ(updated[0].data.at("stock"), stock);
    EXPECT_EQ(updated[0].data.at("version"), 2);
    EXPECT_EQ(updated[0].data.at("name"), "Lamp");
    EXPECT_EQ(updated[0].data.at("price"), "19.90");
    EXPECT_EQ(updated[0].headers.at("traceparent"), kTraceparent);
  }
}

TEST_F(StockReservationTest, AnOrderWithShortLinesIsRejectedWithEveryShortageAndTakesNothing) {
  const Group group = StartConsumer("reject", StockReservationHandlers());
  const std::string lamp = AddProduct(5);
  const std::string bulb = AddProduct(1);
  const std::string gone = NewId();  // never existed, as a deleted product
  const std::string order = NewId();

  ASSERT_NO_FATAL_FAILURE(
      ProduceAndWaitApplied(group, Created(order, {{lamp, 2}, {bulb, 3}, {gone, 1}})));

  EXPECT_EQ(Status(order), "rejected");
  EXPECT_EQ(Stock(lamp), 5);
  EXPECT_EQ(Stock(bulb), 1);
  const std::vector<OutboxEvent> rejected = Outbox("stock.rejected", order);
  ASSERT_EQ(rejected.size(), 1U);
  std::map<std::string, std::pair<int, int>> shortages;
  for (const nlohmann::json& s : rejected[0].data.at("shortages")) {
    shortages[s.at("product_id")] = {s.at("requested"), s.at("available")};
  }
  EXPECT_EQ(shortages,
            (std::map<std::string, std::pair<int, int>>{{bulb, {3, 1}}, {gone, {1, 0}}}));
  EXPECT_EQ(rejected[0].data.at("version"), 1);
  EXPECT_EQ(rejected[0].headers.at("traceparent"), kTraceparent);
  EXPECT_EQ(OutboxRows("product.updated", lamp), 0);
  EXPECT_EQ(AllOutboxRows(), 1);
}

TEST_F(StockReservationTest, ACancellationReleasesWhatWasReservedOnce) {
  const Group group = StartConsumer("release", StockReservationHandlers());
  const std::string lamp = AddProduct(4);
  const std::string order = NewId();
  ASSERT_NO_FATAL_FAILURE(ProduceAndWaitApplied(group, Created(order, {{lamp, 3}})));
  ASSERT_EQ(Stock(lamp), 1);

  ASSERT_NO_FATAL_FAILURE(ProduceAndWaitApplied(group, Cancelled(order, {{lamp, 3}})));

  EXPECT_EQ(Status(order), "released");
  EXPECT_EQ(Stock(lamp), 4);
  EXPECT_EQ(Version(lamp), 3);
  const std::vector<OutboxEvent> released = Outbox("stock.released", order);
  ASSERT_EQ(released.size(), 1U);
  EXPECT_EQ(released[0].data.at("version"), 2);
  EXPECT_EQ(released[0].data.at("lines"),
            nlohmann::json::parse(R"([{"product_id":")" + lamp + R"(","quantity":3}])"));
  EXPECT_EQ(released[0].headers.at("traceparent"), kTraceparent);
  const std::vector<OutboxEvent> updates = Outbox("product.updated", lamp);
  ASSERT_EQ(updates.size(), 2U);
  EXPECT_EQ(updates[1].data.at("stock"), 4);
  EXPECT_EQ(updates[1].data.at("version"), 3);

  // Another cancellation of the order (another ce_id, e.g. an admin's after the customer's).
  const std::int64_t rows = AllOutboxRows();
  ASSERT_NO_FATAL_FAILURE(ProduceAndWaitApplied(group, Cancelled(order, {{lamp, 3}})));
  EXPECT_EQ(Stock(lamp), 4);
  EXPECT_EQ(Version(lamp), 3);
  EXPECT_EQ(AllOutboxRows(), rows);
}

TEST_F(StockReservationTest, ACancellationSeenBeforeItsOrderLeavesNothingReserved) {
  const Group group = StartConsumer("cancel-first", StockReservationHandlers());
  const std::string lamp = AddProduct(2);
  const std::string order = NewId();

  ASSERT_NO_FATAL_FAILURE(ProduceAndWaitApplied(group, Cancelled(order, {{lamp, 1}})));
  EXPECT_EQ(Status(order), "cancelled");
  ASSERT_NO_FATAL_FAILURE(ProduceAndWaitApplied(group, Created(order, {{lamp, 1}})));

  EXPECT_EQ(Status(order), "cancelled");
  EXPECT_EQ(Stock(lamp), 2);
  EXPECT_EQ(Version(lamp), 1);
  EXPECT_EQ(ReservedUnits(order), 0);
  EXPECT_EQ(AllOutboxRows(), 0);
}

TEST_F(StockReservationTest, ACancellationOfARejectedOrderChangesNothing) {
  const Group group = StartConsumer("cancel-rejected", StockReservationHandlers());
  const std::string lamp = AddProduct(1);
  const std::string order = NewId();
  ASSERT_NO_FATAL_FAILURE(ProduceAndWaitApplied(group, Created(order, {{lamp, 2}})));
  ASSERT_EQ(Status(order), "rejected");

  ASSERT_NO_FATAL_FAILURE(ProduceAndWaitApplied(group, Cancelled(order, {{lamp, 2}})));

  EXPECT_EQ(Status(order), "rejected");
  EXPECT_EQ(Stock(lamp), 1);
  EXPECT_EQ(AllOutboxRows(), 1);  // the stock.rejected only
}

TEST_F(StockReservationTest, ADuplicateOrReplayedOrderCreatedChangesNothing) {
  const Group group = StartConsumer("duplicate", StockReservationHandlers());
  const std::string lamp = AddProduct(5);
  const std::string order = NewId();
  const events::CloudEvent created = Created(order, {{lamp, 2}});
  ASSERT_NO_FATAL_FAILURE(ProduceAndWaitApplied(group, created));

  // The same ce_id again (a relay that crashed before marking its row): the inbox skips it.
  ASSERT_NO_FATAL_FAILURE(Produce(group.source, created));
  ASSERT_TRUE(WaitFor([&] { return Messages(group.id, "duplicate") == 1; }, kConsumerDeadline));
  // The same order under a new ce_id (written twice by its producer): the reservation row holds.
  ASSERT_NO_FATAL_FAILURE(ProduceAndWaitApplied(group, Created(order, {{lamp, 2}})));

  EXPECT_EQ(Stock(lamp), 3);
  EXPECT_EQ(Version(lamp), 2);
  EXPECT_EQ(ReservedUnits(order), 2);
  EXPECT_EQ(OutboxRows("stock.reserved", order), 1);
  EXPECT_EQ(OutboxRows("product.updated", lamp), 1);
}

// Two groups on the same database, as two product-service instances consuming at once: 20 orders
// for 5 units of one product reserve exactly 5.
TEST_F(StockReservationTest, TwentyOrdersForFiveUnitsThroughTwoConsumersReserveExactlyFive) {
  const Group first = StartConsumer("race-a", StockReservationHandlers());
  const Group second = StartConsumer("race-b", StockReservationHandlers());
  const std::string lamp = AddProduct(5);
  std::vector<events::CloudEvent> events;
  for (int i = 0; i < 20; ++i) {
    events.push_back(Created(NewId(), {{lamp, 1}}));
  }
  for (int i = 0; i < 20; ++i) {
    ASSERT_NO_FATAL_FAILURE(Produce(i % 2 == 0 ? first.source : second.source, events[i]));
  }
  ASSERT_TRUE(WaitFor([&] { return Scalar("SELECT count(*) FROM stock_reservations") == 20; },
                      kConsumerDeadline));

  EXPECT_EQ(Stock(lamp), 0);
  EXPECT_EQ(Scalar("SELECT coalesce(sum(quantity), 0) FROM stock_reservation_lines"), 5);
  EXPECT_EQ(Scalar("SELECT count(*) FROM outbox WHERE event_type = 'stock.reserved'"), 5);
  EXPECT_EQ(Scalar("SELECT count(*) FROM outbox WHERE event_type = 'stock.rejected'"), 15);
  EXPECT_EQ(OutboxRows("product.updated", lamp), 5);
  EXPECT_EQ(Scalar("SELECT min((payload->>'stock')::int) FROM outbox "
                   "WHERE event_type = 'product.updated'"),
            0);
  EXPECT_EQ(Version(lamp), 6);
}

// The factory subscribes to the real order.created and order.cancelled topics under the group
// SHOP_STOCK_RESERVATION_GROUP names. Other tests may write to those topics: only this test's
// order is checked.
TEST_F(StockReservationTest, TheFactoryConsumesTheOrderTopicsUnderTheConfiguredGroup) {
  const std::string group_id = ::shop::testing::UniqueName("stock-it.factory");
  ::shop::testing::CreateKafkaTopics(
      {events::consumer::RetryTopic(group_id), events::consumer::DeadLetterTopic(group_id)}, 1);
  const std::map<std::string, std::string> env = {
      {"SHOP_KAFKA_BOOTSTRAP", ::shop::testing::KafkaBootstrap()},
      {"SHOP_STOCK_RESERVATION_GROUP", group_id}};
  const config::EnvConfig config = ::shop::testing::SettingsOf(env);
  service::ServiceObjects objects;
  service::ServiceContext context{
      .config = config, .pool = *pool_, .metrics = registry_, .objects = objects};
  RunTask(MakeStockReservation(context));
  const std::string lamp = AddProduct(2);
  const std::string order = NewId();
  const events::CloudEvent created = Created(order, {{lamp, 1}});
  const events::CloudEvent cancelled = Cancelled(order, {{lamp, 1}});

  ASSERT_NO_FATAL_FAILURE(Produce("order.created", created));
  ASSERT_TRUE(WaitFor([&] { return Applied(group_id, created.id); }, kConsumerDeadline));
  EXPECT_EQ(Stock(lamp), 1);
  ASSERT_NO_FATAL_FAILURE(Produce("order.cancelled", cancelled));
  ASSERT_TRUE(WaitFor([&] { return Applied(group_id, cancelled.id); }, kConsumerDeadline));
  EXPECT_EQ(Stock(lamp), 2);
  EXPECT_EQ(Status(order), "released");
}

}  // namespace
}  // namespace shop::product::testing
