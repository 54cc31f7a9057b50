#include "payment_sim/domain/sim_rules.hpp"

#include <algorithm>
#include <stdexcept>

#include "events/catalog/payload_json.hpp"

namespace shop::payment_sim {
namespace {

constexpr std::size_t kMaxKeyLength = 255;
constexpr std::size_t kMaxIntegerDigits = 10;  // numeric(12, 2)

}  // namespace

TokenBehaviour BehaviourOf(std::string_view token) {
  if (token == "tok_visa") {
    return TokenBehaviour::kSucceed;
  }
  if (token == "tok_declined") {
    return TokenBehaviour::kDecline;
  }
  if (token == "tok_timeout") {
    return TokenBehaviour::kTimeout;
  }
  if (token == "tok_flaky") {
    return TokenBehaviour::kFlaky;
  }
  return TokenBehaviour::kInvalid;
}

std::string_view OutcomeName(ChargeOutcome outcome) {
  switch (outcome) {
    case ChargeOutcome::kSucceeded:
      return "succeeded";
    case ChargeOutcome::kDeclined:
      return "declined";
    case ChargeOutcome::kInvalidToken:
      return "invalid_token";
    case ChargeOutcome::kVoided:
      return "voided";
  }
  throw std::logic_error("unknown charge outcome");
}

ChargeOutcome ParseChargeOutcome(std::string_view name) {
  for (ChargeOutcome outcome : {ChargeOutcome::kSucceeded, ChargeOutcome::kDeclined,
                                ChargeOutcome::kInvalidToken, ChargeOutcome::kVoided}) {
    if (OutcomeName(outcome) == name) {
      return outcome;
    }
  }
  throw std::invalid_argument("not a charge outcome: " + std::string(name));
}

ChargeStep NextChargeStep(TokenBehaviour behaviour, int failures_so_far, bool order_voided) {
  if (order_voided) {
    return {.outcome = ChargeOutcome::kVoided};
  }
  switch (behaviour) {
    case TokenBehaviour::kSucceed:
    case TokenBehaviour::kTimeout:
      return {.outcome = ChargeOutcome::kSucceeded};
    case TokenBehaviour::kDecline:
      return {.outcome = ChargeOutcome::kDeclined};
    case TokenBehaviour::kFlaky:
      if (failures_so_far < kFlakyFailures) {
        return {.fail_transiently = true};
      }
      return {.outcome = ChargeOutcome::kSucceeded};
    case TokenBehaviour::kInvalid:
      break;
  }
  return {.outcome = ChargeOutcome::kInvalidToken};
}

bool AnswerIsDelayed(std::string_view token) {
  return BehaviourOf(token) == TokenBehaviour::kTimeout;
}

std::optional<std::string> IdempotencyKeyViolation(std::string_view key) {
  const bool printable = std::all_of(key.begin(), key.end(), [](char c) {
    return static_cast<unsigned char>(c) > 0x20 && static_cast<unsigned char>(c) < 0x7f;
  });
  if (key.empty() || key.size() > kMaxKeyLength || !printable) {
    return "Idempotency-Key must be 1 to " + std::to_string(kMaxKeyLength) +
           " printable ASCII characters";
  }
  return std::nullopt;
}

std::optional<std::string> AmountViolation(std::string_view amount) {
  if (amount.starts_with('-') || !events::IsDecimalAmount(amount)) {
    return "must be a positive decimal string with two fraction digits (\"12.50\")";
  }
  if (amount.find('.') > kMaxIntegerDigits) {
    return "must be below 10000000000.00";
  }
  if (amount.find_first_of("123456789") == std::string_view::npos) {
    return "must be more than 0.00";
  }
  return std::nullopt;
}

long long CentsOf(std::string_view amount) {
  long long cents = 0;
  for (char c : amount) {
    if (c != '.') {
      cents = cents * 10 + (c - '0');
    }
  }
  return cents;
}

}  // namespace shop::payment_sim
