#pragma once
// The shipment's state machine (docs/decisions/0034), pure: which moves couriers and admins may
// record, and what an order's cancellation does to its shipment.
//
//   label_created ──> picked_up ──> in_transit ──> out_for_delivery ──> delivered
//         │                             │             │        ▲
//         ▼                             │             ▼        │
//     cancelled                         │          failed_attempt
//   (by order.cancelled only)           ▼             │
//                                    returned <───────┘
//
// in_transit -> returned: carriers send a parcel back from the depot when the address turns out
// undeliverable, or an operator has it sent back after a cancellation that came too late
// (docs/runbooks/delivery.md). delivered, returned and cancelled are final. Every other move is
// refused, and so is a move to the status the shipment already has, unless it is the retry of the
// caller's own last move (below).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "delivery/domain/shipment_status.hpp"

namespace shop::delivery {

// True when a courier or admin may move a shipment from `from` to `to`.
bool IsCourierMove(ShipmentStatus from, ShipmentStatus to);
// The statuses a courier may move a shipment in `from` to, in the order of the diagram.
std::vector<ShipmentStatus> CourierMovesFrom(ShipmentStatus from);
// The statuses a courier may ask for at all: every one but label_created (the consumer's) and
// cancelled (an order cancellation's).
bool IsCourierTarget(ShipmentStatus status);

// A POST /delivery/orders/{order_id}/status as the machine sees it.
struct MoveRequest {
  ShipmentStatus current;
  std::int64_t current_version = 1;
  ShipmentStatus target;
  // The version the caller last saw (optimistic concurrency); none: whatever it is now.
  std::optional<std::int64_t> expected_version{};
  // The shipment's last move was made by this caller and reached `current`.
  bool caller_made_last_move = false;
};

struct MoveDecision {
  enum class Kind {
    kApply,        // move to the target: one version more, a history row, an event
    kAlreadyDone,  // the retry of the caller's own last move: answered as it is, nothing written
    kRefuse,       // 409 with `reason`; nothing written
  };
  Kind kind;
  std::string reason{};

  friend bool operator==(const MoveDecision&, const MoveDecision&) = default;
};

// Decides a courier's move. A request whose target the shipment has reached by the caller's own
// last move is a retry (an answer lost on the way back): kAlreadyDone, whatever its
// expected_version. Otherwise a stale expected_version, a move to the current status and a move
// the diagram does not have are refused.
MoveDecision DecideMove(const MoveRequest& request);

// What order.cancelled does to the order's shipment in `current`.
enum class CancellationEffect {
  kCancel,            // label_created: the shipment is cancelled (delivery.cancelled)
  kAlreadyCancelled,  // a duplicate or a replay: nothing
  kTooLate,           // the parcel has been picked up (or is done): recorded, nothing moves
};
CancellationEffect OnOrderCancelled(ShipmentStatus current);

}  // namespace shop::delivery
