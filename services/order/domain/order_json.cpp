#include "order/domain/order_json.hpp"

namespace shop::order {
namespace {

nlohmann::json OrNull(const std::optional<std::string>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json();
}

std::optional<std::string> OptionalString(const nlohmann::json& object, const char* member) {
  const auto it = object.find(member);
  if (it == object.end() || it->is_null()) {
    return std::nullopt;
  }
  return it->get<std::string>();
}

}  // namespace

nlohmann::json LinesJson(const std::vector<OrderLine>& lines) {
  nlohmann::json json = nlohmann::json::array();
  for (const OrderLine& line : lines) {
    json.push_back({{"product_id", line.product_id},
                    {"name", line.name},
                    {"unit_price", line.unit_price},
                    {"quantity", line.quantity},
                    {"line_total", line.line_total},
                    {"seller_id", OrNull(line.seller_id)}});
  }
  return json;
}

std::vector<OrderLine> LinesFromJson(const nlohmann::json& json) {
  std::vector<OrderLine> lines;
  for (const nlohmann::json& line : json) {
    lines.push_back({.product_id = line.at("product_id").get<std::string>(),
                     .name = line.at("name").get<std::string>(),
                     .unit_price = line.at("unit_price").get<std::string>(),
                     .quantity = line.at("quantity").get<std::int64_t>(),
                     .line_total = line.at("line_total").get<std::string>(),
                     .seller_id = OptionalString(line, "seller_id")});
  }
  return lines;
}

nlohmann::json AddressJson(const ShippingAddress& address) {
  return {{"name", address.name},
          {"line1", address.line1},
          {"line2", OrNull(address.line2)},
          {"city", address.city},
          {"postal_code", address.postal_code},
          {"country", address.country}};
}

ShippingAddress AddressFromJson(const nlohmann::json& json) {
  return {.name = json.at("name").get<std::string>(),
          .line1 = json.at("line1").get<std::string>(),
          .line2 = OptionalString(json, "line2"),
          .city = json.at("city").get<std::string>(),
          .postal_code = json.at("postal_code").get<std::string>(),
          .country = json.at("country").get<std::string>()};
}

}  // namespace shop::order
