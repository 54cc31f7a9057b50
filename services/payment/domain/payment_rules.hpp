#pragma once
// The life of one order's payment (docs/decisions/0030), pure: which status a payment moves to
// when the order is cancelled or a provider call ends, and which event that announces.
//
//   pending ──charge succeeded──> succeeded ──order.cancelled──> refund_pending ──refunded──>
//   refunded
//      │ └─declined / invalid token──> failed
//      ├─order.cancelled, never sent to the provider──> cancelled (never charged afterwards)
//      └─order.cancelled after an attempt (a charge may have happened)──> refund_pending
//   refund_pending ──the provider has no charge──> cancelled
// An outcome the provider did not give (timeout, no connection, 5xx) changes nothing: the payment
// is tried again later with the same idempotency key, so a retry never charges twice.

#include <optional>
#include <string>
#include <string_view>

namespace shop::payment {

enum class PaymentStatus { kPending, kSucceeded, kFailed, kCancelled, kRefundPending, kRefunded };

std::string_view StatusName(PaymentStatus status);
// Throws std::invalid_argument for a name that is not a status.
PaymentStatus ParseStatus(std::string_view name);

// What the rules look at in a payment row.
struct PaymentFacts {
  PaymentStatus status = PaymentStatus::kPending;
  int attempts = 0;      // charge attempts claimed so far (a claim counts before the call is sent)
  bool charged = false;  // the provider confirmed a charge
};

// How a call to the provider ended.
enum class ChargeResult { kSucceeded, kDeclined, kInvalidToken, kUnknown };
enum class RefundResult { kRefunded, kNoCharge, kUnknown };

// "succeeded", "declined", "invalid_token", "unknown"; "refunded", "no_charge", "unknown" (logs,
// metrics labels).
std::string_view ResultName(ChargeResult result);
std::string_view ResultName(RefundResult result);

// The event a change announces (events/catalog payment.*).
enum class PaymentEvent { kNone, kSucceeded, kFailed, kRefunded };

// When the payment is next due for the worker.
enum class NextAttempt {
  kUnchanged,   // keep next_attempt_at
  kNow,         // due at once
  kAfterClaim,  // at once, or when the claim of a call in flight ends (its lease), if later
  kBackoff,     // after the retry backoff (an unknown outcome)
};

struct Transition {
  std::optional<PaymentStatus> next{};  // nullopt: the status stays
  PaymentEvent event = PaymentEvent::kNone;
  std::optional<std::string> failure_reason{};  // "declined" | "invalid_token" when next is failed
  NextAttempt next_attempt = NextAttempt::kUnchanged;

  // The row changes (status, or what an event announces): its version grows by one.
  bool ChangesVersion() const { return next.has_value() || event != PaymentEvent::kNone; }
  friend bool operator==(const Transition&, const Transition&) = default;
};

// order.cancelled for an existing payment (a cancellation that finds none leaves a cancelled
// tombstone instead, so a later payment request charges nothing).
Transition OnOrderCancelled(const PaymentFacts& payment);

// A charge call for a payment claimed while `payment` was its state at the call's end.
Transition AfterCharge(const PaymentFacts& payment, ChargeResult result);

// A refund call for a payment in `payment`'s state.
Transition AfterRefund(const PaymentFacts& payment, RefundResult result);

// Whether the payment's token is still needed: only a pending payment may still be charged.
bool KeepsToken(PaymentStatus status);

}  // namespace shop::payment
