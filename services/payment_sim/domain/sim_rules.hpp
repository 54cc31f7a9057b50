#pragma once
// The payment provider simulator's rules (docs/decisions/0030), pure: what a test token does, and
// what a charge request gets given what the ledger already holds for its idempotency key.
//
// Tokens:
//   tok_visa      the charge succeeds
//   tok_declined  402 declined
//   tok_timeout   the charge is recorded at once, but every answer to its key (the first and each
//                 replay) comes only after SHOP_SIM_TIMEOUT_DELAY (30 s), longer than any client
//                 waits: the client never learns the outcome in time
//   tok_flaky     503 twice per idempotency key, then success
//   anything else 422 invalid token
// A settled key always gets its first answer again, never a second charge.

#include <optional>
#include <string>
#include <string_view>

namespace shop::payment_sim {

enum class TokenBehaviour { kSucceed, kDecline, kTimeout, kFlaky, kInvalid };

TokenBehaviour BehaviourOf(std::string_view token);

// How many 503s a tok_flaky key gets before it succeeds.
inline constexpr int kFlakyFailures = 2;

// The final outcome of a charge key, as stored in the ledger (operations.outcome).
enum class ChargeOutcome {
  kSucceeded,
  kDeclined,
  kInvalidToken,
  kVoided,  // the order was voided: a refund found nothing to refund (no charge may follow)
};

std::string_view OutcomeName(ChargeOutcome outcome);
// Throws std::invalid_argument for a name that is not a charge outcome.
ChargeOutcome ParseChargeOutcome(std::string_view name);

// What to do with a charge key that has no final outcome yet.
struct ChargeStep {
  bool fail_transiently = false;  // answer 503 and count one more failure; nothing is charged
  ChargeOutcome outcome = ChargeOutcome::kSucceeded;  // otherwise settle the key with this
};

// `failures_so_far`: the 503s this key has had. `order_voided`: a refund of the order found no
// charge before this request.
ChargeStep NextChargeStep(TokenBehaviour behaviour, int failures_so_far, bool order_voided);

// Whether answers about a charge with `token` wait SHOP_SIM_TIMEOUT_DELAY first.
bool AnswerIsDelayed(std::string_view token);

// Why `key` cannot be an Idempotency-Key (1 to 255 printable ASCII characters), or nullopt.
std::optional<std::string> IdempotencyKeyViolation(std::string_view key);

// Why `amount` cannot be charged or refunded (a positive decimal string with two fraction digits,
// at most 10 integer digits: "12.50"), or nullopt.
std::optional<std::string> AmountViolation(std::string_view amount);

// The cents of an amount AmountViolation accepts ("12.50" -> 1250).
long long CentsOf(std::string_view amount);

}  // namespace shop::payment_sim
