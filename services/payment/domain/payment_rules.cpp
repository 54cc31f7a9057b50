#include "payment/domain/payment_rules.hpp"

#include <array>
#include <stdexcept>
#include <utility>

namespace shop::payment {
namespace {

constexpr std::array<std::pair<PaymentStatus, std::string_view>, 6> kNames = {{
    {PaymentStatus::kPending, "pending"},
    {PaymentStatus::kSucceeded, "succeeded"},
    {PaymentStatus::kFailed, "failed"},
    {PaymentStatus::kCancelled, "cancelled"},
    {PaymentStatus::kRefundPending, "refund_pending"},
    {PaymentStatus::kRefunded, "refunded"},
}};

Transition Failed(std::string reason) {
  return {.next = PaymentStatus::kFailed,
          .event = PaymentEvent::kFailed,
          .failure_reason = std::move(reason)};
}

}  // namespace

std::string_view StatusName(PaymentStatus status) {
  for (const auto& [value, name] : kNames) {
    if (value == status) {
      return name;
    }
  }
  throw std::logic_error("unknown payment status");
}

PaymentStatus ParseStatus(std::string_view name) {
  for (const auto& [value, known] : kNames) {
    if (known == name) {
      return value;
    }
  }
  throw std::invalid_argument("not a payment status: " + std::string(name));
}

std::string_view ResultName(ChargeResult result) {
  switch (result) {
    case ChargeResult::kSucceeded:
      return "succeeded";
    case ChargeResult::kDeclined:
      return "declined";
    case ChargeResult::kInvalidToken:
      return "invalid_token";
    case ChargeResult::kUnknown:
      break;
  }
  return "unknown";
}

std::string_view ResultName(RefundResult result) {
  switch (result) {
    case RefundResult::kRefunded:
      return "refunded";
    case RefundResult::kNoCharge:
      return "no_charge";
    case RefundResult::kUnknown:
      break;
  }
  return "unknown";
}

Transition OnOrderCancelled(const PaymentFacts& payment) {
  switch (payment.status) {
    case PaymentStatus::kPending:
      if (payment.attempts == 0) {
        return {.next = PaymentStatus::kCancelled};  // never sent: nothing to undo
      }
      // A charge was sent, or is in flight now: it may have happened. The refund settles it once
      // a call in flight is over (the provider answers "no charge" if there was none, and then
      // refuses any charge of the order that arrives late).
      return {.next = PaymentStatus::kRefundPending, .next_attempt = NextAttempt::kAfterClaim};
    case PaymentStatus::kSucceeded:
      return {.next = PaymentStatus::kRefundPending, .next_attempt = NextAttempt::kNow};
    case PaymentStatus::kFailed:
    case PaymentStatus::kCancelled:
    case PaymentStatus::kRefundPending:
    case PaymentStatus::kRefunded:
      break;  // never charged, or already being undone: a repeated cancellation changes nothing
  }
  return {};
}

Transition AfterCharge(const PaymentFacts& payment, ChargeResult result) {
  if (payment.status == PaymentStatus::kPending) {
    switch (result) {
      case ChargeResult::kSucceeded:
        return {.next = PaymentStatus::kSucceeded, .event = PaymentEvent::kSucceeded};
      case ChargeResult::kDeclined:
        return Failed("declined");
      case ChargeResult::kInvalidToken:
        return Failed("invalid_token");
      case ChargeResult::kUnknown:
        return {.next_attempt = NextAttempt::kBackoff};
    }
  }
  if (payment.status == PaymentStatus::kRefundPending && !payment.charged) {
    // The order was cancelled while this charge was in flight.
    switch (result) {
      case ChargeResult::kSucceeded:
        // It did charge: say so, and refund at once.
        return {.event = PaymentEvent::kSucceeded, .next_attempt = NextAttempt::kNow};
      case ChargeResult::kDeclined:
      case ChargeResult::kInvalidToken:
        // The key's one outcome is "no charge": nothing to refund. The order is cancelled
        // already, so no payment.failed.
        return {.next = PaymentStatus::kCancelled};
      case ChargeResult::kUnknown:
        // The call is over: let the refund find out whether it charged.
        return {.next_attempt = NextAttempt::kNow};
    }
  }
  return {};  // a late answer for a payment that has moved on
}

Transition AfterRefund(const PaymentFacts& payment, RefundResult result) {
  if (payment.status != PaymentStatus::kRefundPending) {
    return {};
  }
  switch (result) {
    case RefundResult::kRefunded:
      return {.next = PaymentStatus::kRefunded, .event = PaymentEvent::kRefunded};
    case RefundResult::kNoCharge:
      if (!payment.charged) {
        return {.next = PaymentStatus::kCancelled};  // the in-flight charge never happened
      }
      // The provider confirmed a charge before and now knows none: do not guess, retry (and
      // alert: payment_refund_attempts_total{outcome="no_charge"}).
      return {.next_attempt = NextAttempt::kBackoff};
    case RefundResult::kUnknown:
      return {.next_attempt = NextAttempt::kBackoff};
  }
  return {};
}

bool KeepsToken(PaymentStatus status) { return status == PaymentStatus::kPending; }

}  // namespace shop::payment
