#pragma once
// The JSON of an order's lines and shipping address: how orders.lines and
// orders.shipping_address are stored and how the API answers them (schemas/openapi/order.yaml).
// Events have their own encoding (events/catalog).

#include <nlohmann/json.hpp>
#include <vector>

#include "order/domain/order.hpp"

namespace shop::order {

nlohmann::json LinesJson(const std::vector<OrderLine>& lines);
// Throws nlohmann::json::exception when `json` is not what LinesJson writes.
std::vector<OrderLine> LinesFromJson(const nlohmann::json& json);

nlohmann::json AddressJson(const ShippingAddress& address);
ShippingAddress AddressFromJson(const nlohmann::json& json);

}  // namespace shop::order
