#pragma once
// Writes a shipment's changes in the caller's transaction: the shipment's new state and version,
// its tracking history row, and its delivery.* event in the outbox (key = order id). The one place
// every path that changes a shipment goes through: the delivery.order-events consumer and the
// courier's route.
//
// Every event of a shipment carries the checkout's trace context: the consumed event's
// traceparent when an event caused the change, else the one the shipment kept from
// order.confirmed.

#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <string_view>

#include "delivery/domain/shipment_access.hpp"
#include "delivery/metrics/delivery_metrics.hpp"
#include "delivery/store/shipment_store.hpp"
#include "events/outbox_writer.hpp"

namespace shop::delivery {

// What an order.cancelled did.
enum class CancellationOutcome {
  kCancelled,  // the shipment was in label_created: cancelled, delivery.cancelled written
  kTooLate,    // picked up already: order_cancelled_at and a history note, nothing moves
  kTombstone,  // no shipment yet: a tombstone keeps order.confirmed from making one
  kDuplicate,  // seen before (the shipment is cancelled or was marked): nothing
};
std::string_view OutcomeName(CancellationOutcome outcome);  // "too_late", ...

// Thread-safe (immutable apart from the metrics, which are); shared by the routes and consumers.
class ShipmentTransitions {
 public:
  // `metrics` must outlive this.
  explicit ShipmentTransitions(DeliveryMetrics& metrics) : metrics_(metrics) {}

  // order.confirmed: a label_created shipment with a new tracking number, its history row and
  // delivery.shipment_created; nullopt (nothing written) when the order has a shipment already
  // or a tombstone.
  std::optional<Shipment> Create(pqxx::work& txn, const std::string& order_id,
                                 const std::string& user_id, const std::string& traceparent) const;

  // order.cancelled (domain/shipment_machine.hpp OnOrderCancelled): locks the order's shipment,
  // or leaves a tombstone when there is none.
  CancellationOutcome CancelForOrder(pqxx::work& txn, const std::string& order_id,
                                     const std::string& user_id,
                                     const std::string& traceparent) const;

  // A courier's move of `shipment` (as read, not locked) to `to`, decided already
  // (DecideMove: kApply): the move if the shipment still has the version it was read at, a
  // history row by `caller` with `note`, and delivery.status_changed. nullopt when the shipment
  // has changed meanwhile (nothing written).
  std::optional<Shipment> Move(pqxx::work& txn, const Shipment& shipment, ShipmentStatus to,
                               const std::optional<std::string>& note, const Caller& caller) const;

 private:
  events::Outbox outbox_{"delivery"};
  DeliveryMetrics& metrics_;
};

}  // namespace shop::delivery
