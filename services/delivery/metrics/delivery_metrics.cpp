#include "delivery/metrics/delivery_metrics.hpp"

#include <string>

namespace shop::delivery {
namespace {

constexpr ShipmentStatus kMovedTo[] = {ShipmentStatus::kPickedUp,       ShipmentStatus::kInTransit,
                                       ShipmentStatus::kOutForDelivery, ShipmentStatus::kDelivered,
                                       ShipmentStatus::kFailedAttempt,  ShipmentStatus::kReturned,
                                       ShipmentStatus::kCancelled};
constexpr std::string_view kCancellationOutcomes[] = {"cancelled", "too_late", "tombstone",
                                                      "duplicate"};

metrics::Counter& Created(metrics::Registry& registry) {
  return registry.GetCounter("delivery_shipments_created_total",
                             "Shipments created from order.confirmed");
}

metrics::Counter& StatusChanges(metrics::Registry& registry, ShipmentStatus to) {
  return registry.GetCounter("delivery_status_changes_total",
                             "Shipment status changes, by new status", {"to"},
                             {std::string(StatusName(to))});
}

metrics::Counter& Cancellations(metrics::Registry& registry, std::string_view outcome) {
  return registry.GetCounter("delivery_order_cancellations_total",
                             "order.cancelled events seen, by what they did to the shipment",
                             {"outcome"}, {std::string(outcome)});
}

}  // namespace

DeliveryMetrics::DeliveryMetrics(metrics::Registry& registry) : registry_(registry) {
  Created(registry_);
  for (const ShipmentStatus status : kMovedTo) {
    StatusChanges(registry_, status);
  }
  for (const std::string_view outcome : kCancellationOutcomes) {
    Cancellations(registry_, outcome);
  }
}

void DeliveryMetrics::CountCreated() { Created(registry_).Inc(); }

void DeliveryMetrics::CountStatusChange(ShipmentStatus to) { StatusChanges(registry_, to).Inc(); }

void DeliveryMetrics::CountOrderCancellation(std::string_view outcome) {
  Cancellations(registry_, outcome).Inc();
}

}  // namespace shop::delivery
