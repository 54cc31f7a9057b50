#include "saga_events.hpp"

#include "events/uuid_v7.hpp"
#include "platform/text/rfc3339.hpp"

namespace shop::order::testing {

namespace {

events::OrderState OrderStateOf(const std::string& order_id, const std::string& user_id,
                                const std::string& status, std::int64_t version) {
  return {.order_id = order_id,
          .user_id = user_id,
          .status = status,
          .cancel_reason =
              status == "cancelled" ? std::optional<std::string>("customer") : std::nullopt,
          .lines = {{.product_id = events::NewUuidV7(),
                     .name = "Lamp",
                     .unit_price = "12.50",
                     .quantity = 2,
                     .line_total = "25.00",
                     .seller_id = std::nullopt}},
          .subtotal = "25.00",
          .discount = "0.00",
          .total = "25.00",
          .promo_code = std::nullopt,
          .shipping_address = events::Address{.name = "Ada Lovelace",
                                              .line1 = "1 Analytical Way",
                                              .line2 = std::nullopt,
                                              .city = "London",
                                              .postal_code = "N1 7AA",
                                              .country = "GB"},
          .version = version};
}

events::ShipmentState ShipmentStateOf(const std::string& order_id, const std::string& user_id,
                                      const std::string& shipment_id, const std::string& status,
                                      std::int64_t version) {
  return {.shipment_id = shipment_id,
          .order_id = order_id,
          .user_id = user_id,
          .status = status,
          .tracking_number = "SH0000000000AB",
          .at = text::FormatRfc3339Utc(std::chrono::system_clock::now()),
          .version = version};
}

}  // namespace

events::CartCheckedOut Checkout(const std::string& checkout_id, const std::string& user_id,
                                const std::string& seller_id) {
  return {.checkout_id = checkout_id,
          .user_id = user_id,
          .lines = {{.product_id = events::NewUuidV7(),
                     .name = "Lamp",
                     .category_name = "Lighting",
                     .unit_price = "12.50",
                     .quantity = 2,
                     .line_total = "25.00",
                     .seller_id = seller_id},
                    {.product_id = events::NewUuidV7(),
                     .name = "Chair",
                     .category_name = "Furniture",
                     .unit_price = "34.80",
                     .quantity = 1,
                     .line_total = "34.80",
                     .seller_id = std::nullopt}},
          .subtotal = "59.80",
          .discount = "0.00",
          .total = "59.80",
          .promo_code = std::nullopt,
          .version = 1,
          .shipping_address = events::Address{.name = "Ada Lovelace",
                                              .line1 = "1 Analytical Way",
                                              .line2 = "Flat 2",
                                              .city = "London",
                                              .postal_code = "N1 7AA",
                                              .country = "GB"},
          .payment_token = "tok_visa"};
}

events::StockReserved Reserved(const std::string& order_id) {
  return {{.order_id = order_id,
           .lines = {{.product_id = events::NewUuidV7(), .quantity = 2}},
           .version = 1}};
}

events::StockReleased Released(const std::string& order_id) {
  return {{.order_id = order_id,
           .lines = {{.product_id = events::NewUuidV7(), .quantity = 2}},
           .version = 2}};
}

events::StockRejected Rejected(const std::string& order_id, const std::string& product_id) {
  return {.order_id = order_id,
          .shortages = {{.product_id = product_id, .requested = 2, .available = 1}},
          .version = 1};
}

events::PaymentSucceeded Succeeded(const std::string& order_id) {
  return {
      {.order_id = order_id, .payment_id = events::NewUuidV7(), .amount = "59.80", .version = 2}};
}

events::PaymentFailed Failed(const std::string& order_id) {
  return {
      .order_id = order_id, .payment_id = events::NewUuidV7(), .reason = "declined", .version = 2};
}

events::PaymentRefunded Refunded(const std::string& order_id) {
  return {
      {.order_id = order_id, .payment_id = events::NewUuidV7(), .amount = "59.80", .version = 3}};
}

events::OrderConfirmed Confirmed(const std::string& order_id, const std::string& user_id) {
  return {OrderStateOf(order_id, user_id, "confirmed", 4)};
}

events::OrderCancelled Cancelled(const std::string& order_id, const std::string& user_id) {
  return {OrderStateOf(order_id, user_id, "cancelled", 5)};
}

events::DeliveryShipmentCreated ShipmentCreated(const std::string& order_id,
                                                const std::string& user_id,
                                                const std::string& shipment_id) {
  return {ShipmentStateOf(order_id, user_id, shipment_id, "label_created", 1)};
}

events::DeliveryStatusChanged ShipmentMoved(const std::string& order_id, const std::string& user_id,
                                            const std::string& shipment_id, const std::string& from,
                                            const std::string& to, std::int64_t version,
                                            std::optional<std::string> note) {
  return {ShipmentStateOf(order_id, user_id, shipment_id, to, version), from, std::move(note)};
}

events::DeliveryCancelled ShipmentCancelled(const std::string& order_id, const std::string& user_id,
                                            const std::string& shipment_id) {
  return {ShipmentStateOf(order_id, user_id, shipment_id, "cancelled", 2)};
}

}  // namespace shop::order::testing
