#pragma once
// The payment provider as payment-service sees it (docs/decisions/0026, 0030): a charge and a
// refund, each under an idempotency key the provider keeps, so that sending the same call again
// can never charge or refund twice. payment-service always uses charge:<order id> and
// refund:<order id>.
//
// Neither call throws for the provider's failures: whatever did not produce a definite answer
// (timeout, no connection, an open circuit, a 5xx, an answer it cannot read) is kUnknown with a
// detail for the log, and the caller tries again later with the same key. Implementations are
// thread-safe.

#include <string>

#include "payment/domain/payment_rules.hpp"

namespace shop::payment {

struct ChargeRequest {
  std::string idempotency_key{};
  std::string order_id{};
  std::string amount{};  // decimal string, "12.50"
  std::string token{};   // never logged
  std::string traceparent{};
};

struct ChargeAnswer {
  ChargeResult result = ChargeResult::kUnknown;
  std::string charge_id{};  // the provider's id, when kSucceeded
  std::string detail{};     // why, for the log (never the token)
};

struct RefundRequest {
  std::string idempotency_key{};
  std::string order_id{};
  std::string amount{};
  std::string traceparent{};
};

struct RefundAnswer {
  RefundResult result = RefundResult::kUnknown;
  std::string refund_id{};  // when kRefunded
  std::string detail{};
};

class PaymentProvider {
 public:
  virtual ~PaymentProvider() = default;
  virtual ChargeAnswer Charge(const ChargeRequest& request) = 0;
  virtual RefundAnswer Refund(const RefundRequest& request) = 0;
};

}  // namespace shop::payment
