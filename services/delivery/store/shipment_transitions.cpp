#include "delivery/store/shipment_transitions.hpp"

#include "delivery/domain/shipment_machine.hpp"
#include "delivery/domain/tracking_number.hpp"
#include "events/catalog/delivery_events.hpp"
#include "platform/logging/log.hpp"
#include "platform/text/rfc3339.hpp"

namespace shop::delivery {
namespace {

// The history note of an order cancellation that came after the pickup.
constexpr const char* kTooLateNote =
    "the order was cancelled after the pickup; the parcel keeps moving";

events::ShipmentState StateOf(const Shipment& shipment) {
  return {.shipment_id = shipment.id,
          .order_id = shipment.order_id,
          .user_id = shipment.user_id,
          .status = std::string(StatusName(shipment.status)),
          .tracking_number = shipment.tracking_number.value_or(""),
          .at = text::FormatRfc3339Utc(shipment.updated_at),
          .version = shipment.version};
}

const std::string& TraceOf(const std::string& traceparent, const Shipment& shipment) {
  return traceparent.empty() ? shipment.traceparent : traceparent;
}

Actor ActorOf(const Caller& caller) {
  return caller.role == "admin" ? Actor::kAdmin : Actor::kCourier;
}

}  // namespace

std::string_view OutcomeName(CancellationOutcome outcome) {
  switch (outcome) {
    case CancellationOutcome::kCancelled:
      return "cancelled";
    case CancellationOutcome::kTooLate:
      return "too_late";
    case CancellationOutcome::kTombstone:
      return "tombstone";
    case CancellationOutcome::kDuplicate:
      break;
  }
  return "duplicate";
}

std::optional<Shipment> ShipmentTransitions::Create(pqxx::work& txn, const std::string& order_id,
                                                    const std::string& user_id,
                                                    const std::string& traceparent) const {
  std::optional<Shipment> created = InsertShipment(txn, {.order_id = order_id,
                                                         .user_id = user_id,
                                                         .tracking_number = NewTrackingNumber(),
                                                         .traceparent = traceparent});
  if (!created) {
    return std::nullopt;
  }
  AppendHistory(txn, {.shipment_id = created->id,
                      .from_status = std::nullopt,
                      .to_status = created->status,
                      .note = std::nullopt,
                      .by_user = std::nullopt,
                      .by = Actor::kSystem,
                      .version = created->version});
  outbox_.Append(txn, events::DeliveryShipmentCreated{StateOf(*created)}, created->traceparent);
  metrics_.CountCreated();
  return created;
}

CancellationOutcome ShipmentTransitions::CancelForOrder(pqxx::work& txn,
                                                        const std::string& order_id,
                                                        const std::string& user_id,
                                                        const std::string& traceparent) const {
  // A cancellation seen before the confirmation leaves a tombstone. When the shipment exists this
  // inserts nothing; after a concurrent insert of the shipment it waits for that transaction, then
  // inserts nothing, and the lock below sees the shipment.
  if (InsertTombstone(txn, order_id, user_id, traceparent)) {
    return CancellationOutcome::kTombstone;
  }
  const Shipment shipment = *LockShipmentOfOrder(txn, order_id);
  switch (OnOrderCancelled(shipment.status)) {
    case CancellationEffect::kCancel: {
      const Shipment after = *UpdateStatus(txn, shipment.id, ShipmentStatus::kCancelled,
                                           shipment.version, /*order_cancelled=*/true);
      AppendHistory(txn, {.shipment_id = after.id,
                          .from_status = shipment.status,
                          .to_status = after.status,
                          .note = "the order was cancelled",
                          .by_user = std::nullopt,
                          .by = Actor::kSystem,
                          .version = after.version});
      outbox_.Append(txn, events::DeliveryCancelled{StateOf(after)},
                     TraceOf(traceparent, shipment));
      metrics_.CountStatusChange(after.status);
      return CancellationOutcome::kCancelled;
    }
    case CancellationEffect::kAlreadyCancelled:
      return CancellationOutcome::kDuplicate;
    case CancellationEffect::kTooLate:
      break;
  }
  // Recorded once, however many copies of the cancellation arrive.
  if (!MarkOrderCancelled(txn, shipment.id)) {
    return CancellationOutcome::kDuplicate;
  }
  AppendHistory(txn, {.shipment_id = shipment.id,
                      .from_status = shipment.status,
                      .to_status = shipment.status,
                      .note = kTooLateNote,
                      .by_user = std::nullopt,
                      .by = Actor::kSystem,
                      .version = shipment.version});
  logging::Warn("delivery_order_cancelled_too_late", {{"order_id", order_id},
                                                      {"shipment_id", shipment.id},
                                                      {"status", StatusName(shipment.status)},
                                                      {"runbook", "docs/runbooks/delivery.md"}});
  return CancellationOutcome::kTooLate;
}

std::optional<Shipment> ShipmentTransitions::Move(pqxx::work& txn, const Shipment& shipment,
                                                  ShipmentStatus to,
                                                  const std::optional<std::string>& note,
                                                  const Caller& caller) const {
  std::optional<Shipment> after =
      UpdateStatus(txn, shipment.id, to, shipment.version, /*order_cancelled=*/false);
  if (!after) {
    return std::nullopt;
  }
  AppendHistory(txn, {.shipment_id = after->id,
                      .from_status = shipment.status,
                      .to_status = after->status,
                      .note = note,
                      .by_user = caller.user_id,
                      .by = ActorOf(caller),
                      .version = after->version});
  const events::DeliveryStatusChanged changed{StateOf(*after),
                                              std::string(StatusName(shipment.status)), note};
  outbox_.Append(txn, changed, after->traceparent);
  metrics_.CountStatusChange(after->status);
  return after;
}

}  // namespace shop::delivery
