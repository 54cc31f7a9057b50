#include "delivery/domain/shipment_machine.hpp"

#include <array>
#include <utility>

namespace shop::delivery {
namespace {

using S = ShipmentStatus;

// The courier's moves, in the order of the diagram.
constexpr std::array<std::pair<S, S>, 8> kMoves{{
    {S::kLabelCreated, S::kPickedUp},
    {S::kPickedUp, S::kInTransit},
    {S::kInTransit, S::kOutForDelivery},
    {S::kInTransit, S::kReturned},
    {S::kOutForDelivery, S::kDelivered},
    {S::kOutForDelivery, S::kFailedAttempt},
    {S::kFailedAttempt, S::kOutForDelivery},
    {S::kFailedAttempt, S::kReturned},
}};

std::string Name(S status) { return std::string(StatusName(status)); }

std::string Allowed(S from) {
  const std::vector<S> next = CourierMovesFrom(from);
  if (next.empty()) {
    return "none: " + Name(from) + " is final";
  }
  std::string text;
  for (const S status : next) {
    text += (text.empty() ? "" : ", ") + Name(status);
  }
  return text;
}

}  // namespace

bool IsCourierMove(ShipmentStatus from, ShipmentStatus to) {
  for (const auto& [a, b] : kMoves) {
    if (a == from && b == to) {
      return true;
    }
  }
  return false;
}

std::vector<ShipmentStatus> CourierMovesFrom(ShipmentStatus from) {
  std::vector<ShipmentStatus> next;
  for (const auto& [a, b] : kMoves) {
    if (a == from) {
      next.push_back(b);
    }
  }
  return next;
}

bool IsCourierTarget(ShipmentStatus status) {
  return status != S::kLabelCreated && status != S::kCancelled;
}

MoveDecision DecideMove(const MoveRequest& request) {
  using Kind = MoveDecision::Kind;
  if (request.target == request.current && request.caller_made_last_move) {
    return {.kind = Kind::kAlreadyDone};
  }
  if (request.expected_version && *request.expected_version != request.current_version) {
    return {.kind = Kind::kRefuse,
            .reason = "the shipment has changed since version " +
                      std::to_string(*request.expected_version) + ": it is " +
                      Name(request.current) + " at version " +
                      std::to_string(request.current_version)};
  }
  if (request.target == request.current) {
    return {.kind = Kind::kRefuse, .reason = "the shipment is already " + Name(request.current)};
  }
  if (!IsCourierMove(request.current, request.target)) {
    return {.kind = Kind::kRefuse,
            .reason = "a shipment cannot move from " + Name(request.current) + " to " +
                      Name(request.target) + " (allowed: " + Allowed(request.current) + ")"};
  }
  return {.kind = Kind::kApply};
}

CancellationEffect OnOrderCancelled(ShipmentStatus current) {
  switch (current) {
    case S::kLabelCreated:
      return CancellationEffect::kCancel;
    case S::kCancelled:
      return CancellationEffect::kAlreadyCancelled;
    default:
      return CancellationEffect::kTooLate;
  }
}

}  // namespace shop::delivery
