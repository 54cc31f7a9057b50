#pragma once
// Writes what the state machine (domain/order_machine.hpp) decides, in the caller's transaction:
// the order's new state and version, its timeline, and its events in the outbox. The one place
// every path that changes an order goes through: the intake and saga consumers, the deadline
// scanner and the routes.
//
// Every event of an order carries the checkout request's trace context (docs/decisions/0026):
// the consumed event's traceparent when an event caused the change, else the one the order kept.

#include <chrono>
#include <optional>
#include <pqxx/pqxx>
#include <string>

#include "events/outbox_writer.hpp"
#include "order/domain/order.hpp"
#include "order/domain/order_machine.hpp"
#include "platform/config/env_config.hpp"

namespace shop::order {

// How long an order waits for each saga step before the deadline scanner cancels it.
struct DeadlineSettings {
  std::chrono::milliseconds stock{std::chrono::seconds(60)};  // pending -> stock_timeout
  std::chrono::milliseconds payment{
      std::chrono::seconds(120)};  // stock_reserved -> payment_timeout
};

// SHOP_ORDER_STOCK_DEADLINE (default 60s) and SHOP_ORDER_PAYMENT_DEADLINE (default 120s), each at
// least 1s. Throws config::ConfigError.
DeadlineSettings LoadDeadlineSettings(const config::EnvConfig& env);

// What caused an input: the consumed event, or a request or the scanner (no event).
struct InputSource {
  std::optional<std::string> event_id{};  // ce_id, recorded in the timeline
  std::string traceparent{};              // the consumed event's; empty: the order's own
  std::string detail{};                   // more for the timeline, e.g. what was out of stock
};

struct Outcome {
  Decision decision;
  Order order;  // after the change (as it was when nothing changed)
};

// Immutable; one instance may be shared by every thread of the service.
class OrderTransitions {
 public:
  explicit OrderTransitions(DeadlineSettings deadlines) : deadlines_(deadlines) {}

  // Creates the checkout's order (pending, version 1, order.created) unless an order with its id
  // exists: then nothing is written and nullopt returned (a duplicated or replayed checkout).
  std::optional<Order> Create(pqxx::work& txn, const NewOrder& order,
                              const InputSource& source) const;

  // Decides `input` for `order`, which the caller has locked in `txn` (store/order_store.hpp), and
  // writes the decision: each step's state, version + 1, timeline entry and event; for a note, or
  // an event that is ignored, a timeline entry saying so; for a refusal (or an ignored request),
  // nothing. Logs what it ignores; never logs the payment token.
  Outcome Apply(pqxx::work& txn, Order order, OrderInput input, const InputSource& source) const;

  const DeadlineSettings& deadlines() const { return deadlines_; }

 private:
  std::optional<std::chrono::milliseconds> DeadlineFor(OrderStatus status) const;
  // A decision that changes nothing: logged (unless a note) and, for an event, in the timeline.
  static void RecordNotApplied(pqxx::work& txn, const Order& order, OrderInput input,
                               const Decision& decision, const InputSource& source);

  DeadlineSettings deadlines_;
  events::Outbox outbox_{"order"};
};

}  // namespace shop::order
