#include "events/catalog/cart_events.hpp"

#include "events/catalog/payload_json.hpp"

namespace shop::events {

std::string CartCheckedOut::ToJson() const {
  nlohmann::json json_lines = nlohmann::json::array();
  for (const CheckoutLine& line : lines) {
    json_lines.push_back({{"product_id", line.product_id},
                          {"name", line.name},
                          {"category_name", line.category_name},
                          {"unit_price", line.unit_price},
                          {"quantity", line.quantity},
                          {"line_total", line.line_total},
                          {"seller_id", NullableJson(line.seller_id)}});
  }
  nlohmann::json json{{"checkout_id", checkout_id},
                      {"user_id", user_id},
                      {"lines", std::move(json_lines)},
                      {"subtotal", subtotal},
                      {"discount", discount},
                      {"total", total},
                      {"promo_code", NullableJson(promo_code)},
                      {"version", version}};
  if (shipping_address) {
    json["shipping_address"] = AddressJson(*shipping_address);
  }
  PutIfSet(json, "payment_token", payment_token);
  return json.dump();
}

CartCheckedOut CartCheckedOut::FromJson(std::string_view data) {
  const PayloadReader reader(data, std::string(kType.type) + " data");
  CartCheckedOut checkout{.checkout_id = reader.Uuid("checkout_id"),
                          .user_id = reader.Uuid("user_id"),
                          .lines = {},
                          .subtotal = reader.Amount("subtotal"),
                          .discount = reader.Amount("discount"),
                          .total = reader.Amount("total"),
                          .promo_code = reader.StringOrNull("promo_code"),
                          .version = reader.Version()};
  if (reader.Has("shipping_address")) {
    checkout.shipping_address = ReadAddress(reader.Object("shipping_address"));
  }
  if (reader.Has("payment_token")) {
    checkout.payment_token = reader.StringOfLength("payment_token", 1, kMaxPaymentTokenChars);
  }
  reader.ForEachObject("lines", 1, [&checkout](const PayloadReader& line) {
    checkout.lines.push_back({.product_id = line.Uuid("product_id"),
                              .name = line.NonEmptyString("name"),
                              .category_name = line.String("category_name"),
                              .unit_price = line.Amount("unit_price"),
                              .quantity = line.Integer("quantity", 1, 99),
                              .line_total = line.Amount("line_total"),
                              .seller_id = line.NullableUuid("seller_id")});
  });
  return checkout;
}

}  // namespace shop::events
