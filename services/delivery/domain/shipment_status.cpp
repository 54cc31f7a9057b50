#include "delivery/domain/shipment_status.hpp"

#include <array>
#include <utility>

namespace shop::delivery {
namespace {

constexpr std::array<std::pair<ShipmentStatus, std::string_view>, 8> kStatuses{{
    {ShipmentStatus::kLabelCreated, "label_created"},
    {ShipmentStatus::kPickedUp, "picked_up"},
    {ShipmentStatus::kInTransit, "in_transit"},
    {ShipmentStatus::kOutForDelivery, "out_for_delivery"},
    {ShipmentStatus::kDelivered, "delivered"},
    {ShipmentStatus::kFailedAttempt, "failed_attempt"},
    {ShipmentStatus::kReturned, "returned"},
    {ShipmentStatus::kCancelled, "cancelled"},
}};

}  // namespace

std::string_view StatusName(ShipmentStatus status) {
  for (const auto& [candidate, name] : kStatuses) {
    if (candidate == status) {
      return name;
    }
  }
  return "unknown";
}

std::optional<ShipmentStatus> ParseStatus(std::string_view name) {
  for (const auto& [status, candidate] : kStatuses) {
    if (candidate == name) {
      return status;
    }
  }
  return std::nullopt;
}

bool IsFinal(ShipmentStatus status) {
  return status == ShipmentStatus::kDelivered || status == ShipmentStatus::kReturned ||
         status == ShipmentStatus::kCancelled;
}

}  // namespace shop::delivery
