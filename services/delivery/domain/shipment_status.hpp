#pragma once
// The states of a shipment (docs/decisions/0034), with their names as the database, the API and
// the delivery.* events spell them (events::kShipmentStatuses).

#include <optional>
#include <string_view>

namespace shop::delivery {

enum class ShipmentStatus {
  kLabelCreated,    // made from order.confirmed; waits for the courier
  kPickedUp,        // the courier has the parcel
  kInTransit,       // between the carrier's depots
  kOutForDelivery,  // on the van to the customer
  kDelivered,       // final
  kFailedAttempt,   // nobody took it at the door; out again or back to the sender
  kReturned,        // back at the sender; final
  kCancelled,       // the order was cancelled before pickup; final
};

std::string_view StatusName(ShipmentStatus status);  // "out_for_delivery"
std::optional<ShipmentStatus> ParseStatus(std::string_view name);

// delivered, returned and cancelled: no move leaves them.
bool IsFinal(ShipmentStatus status);

}  // namespace shop::delivery
