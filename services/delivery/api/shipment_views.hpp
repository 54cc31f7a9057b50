#pragma once
// The JSON answers of delivery-service's routes (schemas/openapi/delivery.yaml). Times are RFC
// 3339 UTC with milliseconds.
//
//   shipment  {shipment_id, order_id, user_id, status, tracking_number, version, created_at,
//              updated_at, order_cancelled_at (null unless the order was cancelled)}
//   history   [{at, from_status (null for the creation), to_status, note, by_role, version}],
//              oldest first; staff (couriers, admins) also get by_user

#include <nlohmann/json.hpp>
#include <vector>

#include "delivery/store/shipment_store.hpp"

namespace shop::delivery {

nlohmann::json ShipmentView(const Shipment& shipment);
// The shipment with its tracking history; `for_staff` adds who recorded each step.
nlohmann::json ShipmentWithHistoryView(const Shipment& shipment,
                                       const std::vector<HistoryEntry>& history, bool for_staff);

}  // namespace shop::delivery
