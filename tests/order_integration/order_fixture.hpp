#pragma once
// A fresh order database (migrations applied) with order-service's consumer groups run on threads
// against the shared Kafka of tests/run (ConsumerFixture), and what the tests read back: the
// order, its timeline and its outbox rows.

#include <optional>
#include <string>
#include <vector>

#include "consumer_fixture.hpp"
#include "events/catalog/event_type.hpp"
#include "order/domain/order.hpp"
#include "order/store/order_transitions.hpp"
#include "saga_events.hpp"

namespace shop::order::testing {

using ::shop::testing::ConsumerFixture;

// The checkout request's trace context every test event carries.
inline constexpr const char* kTraceparent =
    "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

// A CloudEvent of the catalogue event `event`, with a fresh ce_id and kTraceparent.
template <events::CatalogEvent T>
events::CloudEvent EventOf(const T& event) {
  events::CloudEvent envelope = ::shop::testing::TestEvent(
      std::string(T::kType.type), event.AggregateId(), event.ToJson(), "/services/order-test");
  envelope.traceparent = kTraceparent;
  return envelope;
}

struct OutboxRow {
  std::string type;
  nlohmann::json data;
  std::string traceparent;  // "" when the row has none
};

class OrderFixture : public ConsumerFixture {
 protected:
  void SetUp() override;

  Group StartIntake();
  Group StartSaga(int max_attempts = 5);
  Group StartDeliveryEvents(int max_attempts = 5);

  // A pending order made through the intake consumer (waits until it exists).
  std::string CreateOrder(const Group& intake);

  std::optional<Order> OrderOf(const std::string& id);
  std::vector<TimelineEntry> TimelineOf(const std::string& id);
  std::vector<OutboxRow> OutboxOf(const std::string& order_id);
  // ce_types of the order's outbox rows, in order.
  std::vector<std::string> EventTypesOf(const std::string& order_id);

  // Deadlines long enough that no test meets one unless it moves deadline_at itself.
  OrderTransitions transitions_{DeadlineSettings{}};
};

}  // namespace shop::order::testing
