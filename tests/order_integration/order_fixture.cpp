#include "order_fixture.hpp"

#include "events/uuid_v7.hpp"
#include "order/consumers/checkout_intake.hpp"
#include "order/consumers/delivery_events.hpp"
#include "order/consumers/order_saga.hpp"
#include "order/migrations.hpp"
#include "order/store/order_store.hpp"
#include "test_support.hpp"

namespace shop::order::testing {

void OrderFixture::SetUp() {
  ASSERT_NO_FATAL_FAILURE(OpenDatabase({.database_prefix = "order_it",
                                        .group_prefix = "order-it",
                                        .migrations = Migrations(),
                                        .statements = OrderStatements()}));
}

ConsumerFixture::Group OrderFixture::StartIntake() {
  return StartConsumer("checkout-intake", CheckoutIntakeHandlers(transitions_));
}

ConsumerFixture::Group OrderFixture::StartSaga(int max_attempts) {
  return StartConsumer("saga", OrderSagaHandlers(transitions_), max_attempts);
}

ConsumerFixture::Group OrderFixture::StartDeliveryEvents(int max_attempts) {
  return StartConsumer("delivery-events", DeliveryEventHandlers(transitions_), max_attempts);
}

std::string OrderFixture::CreateOrder(const Group& intake) {
  const std::string id = events::NewUuidV7();
  ProduceAndWaitApplied(intake, EventOf(Checkout(id, events::NewUuidV7(), events::NewUuidV7())));
  EXPECT_TRUE(OrderOf(id).has_value()) << "no order " << id;
  return id;
}

std::optional<Order> OrderFixture::OrderOf(const std::string& id) {
  return pool_->WithTransaction([&](pqxx::work& txn) { return FindOrder(txn, id); });
}

std::vector<TimelineEntry> OrderFixture::TimelineOf(const std::string& id) {
  return pool_->WithTransaction([&](pqxx::work& txn) { return LoadTimeline(txn, id); });
}

std::vector<OutboxRow> OrderFixture::OutboxOf(const std::string& order_id) {
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

std::vector<std::string> OrderFixture::EventTypesOf(const std::string& order_id) {
  std::vector<std::string> types;
  for (const OutboxRow& row : OutboxOf(order_id)) {
    types.push_back(row.type);
  }
  return types;
}

}  // namespace shop::order::testing
