#pragma once
// delivery.shipment_created, delivery.status_changed, delivery.cancelled
// (schemas/events/delivery.*/v1.json), produced by delivery-service (docs/decisions/0034). The
// aggregate is the order's shipment; the key of every one is the order id, so a shipment's events
// and its order's share a partition.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "events/catalog/event_type.hpp"

namespace shop::events {

// The values of ShipmentState::status: the tracking steps in their usual order, then the
// detours (a failed delivery attempt, a parcel sent back) and a cancellation before pickup.
inline constexpr std::array<std::string_view, 8> kShipmentStatuses = {
    "label_created", "picked_up",      "in_transit", "out_for_delivery",
    "delivered",     "failed_attempt", "returned",   "cancelled"};

// The state of a shipment after a change.
struct ShipmentState {
  std::string shipment_id;
  std::string order_id;         // the key
  std::string user_id;          // the order's customer
  std::string status;           // one of kShipmentStatuses
  std::string tracking_number;  // not empty, the carrier's reference shown to the customer
  std::string at;            // when the change happened, RFC 3339 UTC ("2026-12-07T14:05:09.123Z")
  std::int64_t version = 0;  // the shipment's, >= 1, +1 per change

  friend bool operator==(const ShipmentState&, const ShipmentState&) = default;
};

// A shipment was created for a confirmed order (status label_created, version 1).
struct DeliveryShipmentCreated : ShipmentState {
  static constexpr EventTypeInfo kType{"delivery.shipment_created", "delivery.shipment_created",
                                       "urn:shop:schema:delivery.shipment_created:v1"};
  std::string AggregateId() const { return order_id; }
  std::string ToJson() const;
  static DeliveryShipmentCreated FromJson(std::string_view data);
};

// A tracking step: the shipment moved from `from_status` to `status` (one type for every step, so
// consumers need not learn a type per step). `note` is the courier's free text, absent or null
// when none.
struct DeliveryStatusChanged : ShipmentState {
  static constexpr EventTypeInfo kType{"delivery.status_changed", "delivery.status_changed",
                                       "urn:shop:schema:delivery.status_changed:v1"};
  std::string from_status;  // one of kShipmentStatuses
  std::optional<std::string> note{};

  std::string AggregateId() const { return order_id; }
  std::string ToJson() const;
  static DeliveryStatusChanged FromJson(std::string_view data);
  friend bool operator==(const DeliveryStatusChanged&, const DeliveryStatusChanged&) = default;
};

// The order was cancelled before the parcel was picked up: the shipment is cancelled (status
// cancelled) and will not move again.
struct DeliveryCancelled : ShipmentState {
  static constexpr EventTypeInfo kType{"delivery.cancelled", "delivery.cancelled",
                                       "urn:shop:schema:delivery.cancelled:v1"};
  std::string AggregateId() const { return order_id; }
  std::string ToJson() const;
  static DeliveryCancelled FromJson(std::string_view data);
};

}  // namespace shop::events
