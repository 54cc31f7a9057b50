#pragma once
// When the payment worker tries a payment again (docs/decisions/0030), pure.
//
// A claimed payment is held for a lease long enough for the whole provider call (every attempt
// the upstream may make, each bounded by its timeout, and the pauses between them) plus a margin
// for recording the outcome; a worker that dies mid-call leaves the payment to be claimed again
// once the lease is over, and the retry uses the same idempotency key.
//
// A call whose outcome is unknown (timeout, no connection, 5xx) is retried after
// resilience::BackoffDelay(retry, attempts so far, random): exponential with equal jitter, until
// the order is cancelled. There is no attempt limit here: the order's payment deadline is it.

#include <chrono>

#include "platform/resilience/backoff.hpp"

namespace shop::payment {

struct AttemptSchedule {
  resilience::BackoffPolicy retry{std::chrono::seconds(1), std::chrono::seconds(30)};
  std::chrono::milliseconds lease{std::chrono::seconds(30)};
};

// How long a claim holds a payment: max_attempts x per_attempt_timeout, plus the backoff cap
// between attempts, plus 2 s to record the outcome.
std::chrono::milliseconds ClaimLease(std::chrono::milliseconds per_attempt_timeout,
                                     int max_attempts, std::chrono::milliseconds backoff_cap);

}  // namespace shop::payment
