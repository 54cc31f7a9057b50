#pragma once
// payment.succeeded, payment.failed, payment.refunded (schemas/events/payment.*/v1.json),
// produced by payment-service (docs/decisions/0026-order-saga.md). The aggregate is the order's
// payment; the key is the order id.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "events/catalog/event_type.hpp"

namespace shop::events {

// The values of PaymentFailed::reason.
inline constexpr std::array<std::string_view, 2> kPaymentFailureReasons = {"declined",
                                                                           "invalid_token"};

// Money moved for an order: a charge (payment.succeeded) or its refund (payment.refunded).
struct PaymentMovement {
  std::string order_id;
  std::string payment_id;
  std::string amount;        // decimal string, "62.90"
  std::int64_t version = 0;  // the payment's, >= 1

  friend bool operator==(const PaymentMovement&, const PaymentMovement&) = default;
};

struct PaymentSucceeded : PaymentMovement {
  static constexpr EventTypeInfo kType{"payment.succeeded", "payment.succeeded",
                                       "urn:shop:schema:payment.succeeded:v1"};
  std::string AggregateId() const { return order_id; }
  std::string ToJson() const;
  static PaymentSucceeded FromJson(std::string_view data);
};

struct PaymentRefunded : PaymentMovement {
  static constexpr EventTypeInfo kType{"payment.refunded", "payment.refunded",
                                       "urn:shop:schema:payment.refunded:v1"};
  std::string AggregateId() const { return order_id; }
  std::string ToJson() const;
  static PaymentRefunded FromJson(std::string_view data);
};

// The charge was refused for good; nothing was charged.
struct PaymentFailed {
  static constexpr EventTypeInfo kType{"payment.failed", "payment.failed",
                                       "urn:shop:schema:payment.failed:v1"};
  std::string order_id;
  std::string payment_id;
  std::string reason;        // one of kPaymentFailureReasons
  std::int64_t version = 0;  // the payment's, >= 1

  std::string AggregateId() const { return order_id; }
  std::string ToJson() const;
  static PaymentFailed FromJson(std::string_view data);
  friend bool operator==(const PaymentFailed&, const PaymentFailed&) = default;
};

}  // namespace shop::events
