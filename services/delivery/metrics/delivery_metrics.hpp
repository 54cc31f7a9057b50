#pragma once
// delivery-service's own metrics (HTTP and consumer metrics are the platform's):
//   delivery_shipments_created_total              shipments made from order.confirmed
//   delivery_status_changes_total{to}             moves recorded, by new status (cancelled: by
//                                                 an order cancellation)
//   delivery_order_cancellations_total{outcome}   order.cancelled seen: cancelled (before pickup),
//                                                 too_late (the parcel had been picked up: see
//                                                 docs/runbooks/delivery.md), tombstone (before
//                                                 the order.confirmed), duplicate
// Thread-safe; every series exists from construction (zeros, not gaps).

#include <string_view>

#include "delivery/domain/shipment_status.hpp"
#include "platform/metrics/registry.hpp"

namespace shop::delivery {

class DeliveryMetrics {
 public:
  explicit DeliveryMetrics(metrics::Registry& registry);

  void CountCreated();
  void CountStatusChange(ShipmentStatus to);
  // `outcome`: cancelled, too_late, tombstone or duplicate.
  void CountOrderCancellation(std::string_view outcome);

 private:
  metrics::Registry& registry_;
};

}  // namespace shop::delivery
