#include "events/catalog/order_events.hpp"

#include "events/catalog/cart_events.hpp"
#include "events/catalog/payload_json.hpp"

namespace shop::events {
namespace {

std::string StateJson(const OrderState& order) {
  nlohmann::json lines = nlohmann::json::array();
  for (const OrderLine& line : order.lines) {
    lines.push_back({{"product_id", line.product_id},
                     {"name", line.name},
                     {"unit_price", line.unit_price},
                     {"quantity", line.quantity},
                     {"line_total", line.line_total},
                     {"seller_id", NullableJson(line.seller_id)}});
  }
  return nlohmann::json{{"order_id", order.order_id},
                        {"user_id", order.user_id},
                        {"status", order.status},
                        {"cancel_reason", NullableJson(order.cancel_reason)},
                        {"lines", std::move(lines)},
                        {"subtotal", order.subtotal},
                        {"discount", order.discount},
                        {"total", order.total},
                        {"promo_code", NullableJson(order.promo_code)},
                        {"shipping_address", AddressJson(order.shipping_address)},
                        {"version", order.version}}
      .dump();
}

OrderState ReadState(std::string_view data, std::string_view type) {
  const PayloadReader reader(data, std::string(type) + " data");
  OrderState order{.order_id = reader.Uuid("order_id"),
                   .user_id = reader.Uuid("user_id"),
                   .status = reader.OneOf("status", kOrderStatuses),
                   .cancel_reason = std::nullopt,
                   .lines = {},
                   .subtotal = reader.Amount("subtotal"),
                   .discount = reader.Amount("discount"),
                   .total = reader.Amount("total"),
                   .promo_code = reader.StringOrNull("promo_code"),
                   .shipping_address = ReadAddress(reader.Object("shipping_address")),
                   .version = reader.Version()};
  if (!reader.StringOrNull("cancel_reason")) {
    if (order.status == "cancelled") {
      reader.Fail("has a null cancel_reason but status cancelled");
    }
  } else if (order.status != "cancelled") {
    reader.Fail("has a cancel_reason but status " + order.status);
  } else {
    order.cancel_reason = reader.OneOf("cancel_reason", kOrderCancelReasons);
  }
  reader.ForEachObject("lines", 1, [&order](const PayloadReader& line) {
    order.lines.push_back({.product_id = line.Uuid("product_id"),
                           .name = line.NonEmptyString("name"),
                           .unit_price = line.Amount("unit_price"),
                           .quantity = line.Integer("quantity", 1, 99),
                           .line_total = line.Amount("line_total"),
                           .seller_id = line.UuidOrNull("seller_id")});
  });
  return order;
}

}  // namespace

std::string OrderCreated::ToJson() const { return StateJson(*this); }
OrderCreated OrderCreated::FromJson(std::string_view data) { return {ReadState(data, kType.type)}; }

std::string OrderConfirmed::ToJson() const { return StateJson(*this); }
OrderConfirmed OrderConfirmed::FromJson(std::string_view data) {
  return {ReadState(data, kType.type)};
}

std::string OrderCancelled::ToJson() const { return StateJson(*this); }
OrderCancelled OrderCancelled::FromJson(std::string_view data) {
  return {ReadState(data, kType.type)};
}

std::string OrderShipped::ToJson() const { return StateJson(*this); }
OrderShipped OrderShipped::FromJson(std::string_view data) { return {ReadState(data, kType.type)}; }

std::string OrderDelivered::ToJson() const { return StateJson(*this); }
OrderDelivered OrderDelivered::FromJson(std::string_view data) {
  return {ReadState(data, kType.type)};
}

std::string OrderPaymentRequested::ToJson() const {
  return nlohmann::json{{"order_id", order_id},
                        {"user_id", user_id},
                        {"amount", amount},
                        {"payment_token", payment_token},
                        {"version", version}}
      .dump();
}

OrderPaymentRequested OrderPaymentRequested::FromJson(std::string_view data) {
  const PayloadReader reader(data, std::string(kType.type) + " data");
  return {.order_id = reader.Uuid("order_id"),
          .user_id = reader.Uuid("user_id"),
          .amount = reader.Amount("amount"),
          .payment_token = reader.StringOfLength("payment_token", 1, kMaxPaymentTokenChars),
          .version = reader.Version()};
}

}  // namespace shop::events
