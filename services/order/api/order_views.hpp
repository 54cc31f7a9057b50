#pragma once
// The bodies of order-service's answers (schemas/openapi/order.yaml). The payment token and the
// trace context are never part of them.

#include <nlohmann/json.hpp>
#include <vector>

#include "order/domain/order.hpp"
#include "order/store/order_store.hpp"

namespace shop::order {

// {id, user_id, status, cancel_reason, lines, subtotal, discount, total, promo_code,
//  shipping_address, version, created_at, updated_at, deadline_at}
nlohmann::json OrderView(const Order& order);
// OrderView plus "timeline": [{at, from_status, to_status, version, cause, detail}]
nlohmann::json OrderWithTimelineView(const Order& order,
                                     const std::vector<TimelineEntry>& timeline);
// {order_id, status, cancel_reason, version, created_at, updated_at, lines}: the seller's lines.
nlohmann::json SaleView(const Sale& sale);

}  // namespace shop::order
