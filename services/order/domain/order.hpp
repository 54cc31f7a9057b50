#pragma once
// An order as order-service keeps it (migrations/V001): what the checkout froze (lines, totals,
// promo code, address) and where the saga has taken it. Amounts are decimal strings ("12.50").

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "order/domain/order_status.hpp"

namespace shop::order {

using Time = std::chrono::system_clock::time_point;

struct OrderLine {
  std::string product_id;
  std::string name;
  std::string unit_price;
  std::int64_t quantity = 0;  // 1..99
  std::string line_total;
  std::optional<std::string> seller_id;  // null for products older than sellers

  friend bool operator==(const OrderLine&, const OrderLine&) = default;
};

struct ShippingAddress {
  std::string name;
  std::string line1;
  std::optional<std::string> line2;
  std::string city;
  std::string postal_code;
  std::string country;  // ISO 3166-1 alpha-2, "DE"

  friend bool operator==(const ShippingAddress&, const ShippingAddress&) = default;
};

// What the checkout-intake consumer creates an order from.
struct NewOrder {
  std::string id;  // the checkout id
  std::string user_id;
  std::vector<OrderLine> lines;  // at least one
  std::string subtotal;
  std::string discount;
  std::string total;
  std::optional<std::string> promo_code;
  ShippingAddress shipping_address;
  std::string payment_token;  // a secret: never logged, never answered
};

struct Order {
  std::string id;
  std::string user_id;
  OrderStatus status = OrderStatus::kPending;
  std::optional<CancelReason> cancel_reason;
  std::vector<OrderLine> lines;
  std::string subtotal;
  std::string discount;
  std::string total;
  std::optional<std::string> promo_code;
  ShippingAddress shipping_address;
  std::optional<std::string> payment_token;  // null once confirmed or cancelled
  std::string traceparent;                   // the checkout's; "" when it had none
  std::int64_t version = 1;
  Time created_at{};  // microsecond precision, as stored
  Time updated_at{};
  std::optional<Time> deadline_at;  // when the waiting state times out
};

// One line of an order's timeline (migrations/V001 order_timeline).
struct TimelineEntry {
  Time at{};
  std::optional<OrderStatus> from_status;
  OrderStatus to_status = OrderStatus::kPending;
  std::int64_t version = 1;
  std::string cause;
  std::string detail;
};

}  // namespace shop::order
