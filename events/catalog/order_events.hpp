#pragma once
// order.created, order.confirmed, order.cancelled, order.shipped, order.delivered (each the
// order's state after the change) and order.payment_requested (schemas/events/order.*/v1.json),
// produced by order-service; the saga's steps are docs/decisions/0026-order-saga.md. The key of
// every one is the order id (= the checkout id).

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "events/catalog/address.hpp"
#include "events/catalog/event_type.hpp"

namespace shop::events {

// The values of OrderState::status, in the order of the saga.
inline constexpr std::array<std::string_view, 7> kOrderStatuses = {
    "pending", "stock_reserved", "paid", "confirmed", "shipped", "delivered", "cancelled"};
// The values of OrderState::cancel_reason.
inline constexpr std::array<std::string_view, 6> kOrderCancelReasons = {
    "out_of_stock", "payment_declined", "payment_timeout", "stock_timeout", "customer", "admin"};

// One line of an order: the product as it was at checkout.
struct OrderLine {
  std::string product_id;
  std::string name;                        // not empty
  std::string unit_price;                  // decimal string, "59.90"
  std::int64_t quantity = 0;               // 1 to 99
  std::string line_total;                  // unit_price x quantity, decimal string
  std::optional<std::string> seller_id{};  // JSON null when the product has no seller

  friend bool operator==(const OrderLine&, const OrderLine&) = default;
};

// The state of an order after a change: what order.created, order.confirmed, order.cancelled,
// order.shipped and order.delivered carry. FromJson refuses a cancel_reason on an order that is
// not cancelled, and a cancelled order without one.
struct OrderState {
  std::string order_id;  // the aggregate
  std::string user_id;
  std::string status;                          // one of kOrderStatuses
  std::optional<std::string> cancel_reason{};  // one of kOrderCancelReasons; null unless cancelled
  std::vector<OrderLine> lines;                // at least one
  std::string subtotal;                        // decimal strings
  std::string discount;
  std::string total;
  std::optional<std::string> promo_code{};  // JSON null without one
  Address shipping_address;
  std::int64_t version = 0;  // >= 1, +1 per change

  friend bool operator==(const OrderState&, const OrderState&) = default;
};

struct OrderCreated : OrderState {
  static constexpr EventTypeInfo kType{"order.created", "order.created",
                                       "urn:shop:schema:order.created:v1"};
  std::string AggregateId() const { return order_id; }
  std::string ToJson() const;
  static OrderCreated FromJson(std::string_view data);
};

struct OrderConfirmed : OrderState {
  static constexpr EventTypeInfo kType{"order.confirmed", "order.confirmed",
                                       "urn:shop:schema:order.confirmed:v1"};
  std::string AggregateId() const { return order_id; }
  std::string ToJson() const;
  static OrderConfirmed FromJson(std::string_view data);
};

struct OrderCancelled : OrderState {
  static constexpr EventTypeInfo kType{"order.cancelled", "order.cancelled",
                                       "urn:shop:schema:order.cancelled:v1"};
  std::string AggregateId() const { return order_id; }
  std::string ToJson() const;
  static OrderCancelled FromJson(std::string_view data);
};

struct OrderShipped : OrderState {
  static constexpr EventTypeInfo kType{"order.shipped", "order.shipped",
                                       "urn:shop:schema:order.shipped:v1"};
  std::string AggregateId() const { return order_id; }
  std::string ToJson() const;
  static OrderShipped FromJson(std::string_view data);
};

struct OrderDelivered : OrderState {
  static constexpr EventTypeInfo kType{"order.delivered", "order.delivered",
                                       "urn:shop:schema:order.delivered:v1"};
  std::string AggregateId() const { return order_id; }
  std::string ToJson() const;
  static OrderDelivered FromJson(std::string_view data);
};

// The order's stock is held: payment-service is to charge `amount` with `payment_token`.
struct OrderPaymentRequested {
  static constexpr EventTypeInfo kType{"order.payment_requested", "order.payment_requested",
                                       "urn:shop:schema:order.payment_requested:v1"};
  std::string order_id;  // the aggregate
  std::string user_id;
  std::string amount;         // the order's total, decimal string
  std::string payment_token;  // 1 to 200 characters, as the checkout carried it
  std::int64_t version = 0;   // the order's version

  std::string AggregateId() const { return order_id; }
  std::string ToJson() const;
  static OrderPaymentRequested FromJson(std::string_view data);
  friend bool operator==(const OrderPaymentRequested&, const OrderPaymentRequested&) = default;
};

}  // namespace shop::events
