#pragma once
// Retry delays (consumer runtime, calls to other services): exponential backoff with a cap and
// "equal jitter" (half the delay fixed, half random), so clients that failed together do not
// retry in lockstep. Pure: the caller supplies the random number.

#include <chrono>

namespace shop::resilience {

struct BackoffPolicy {
  std::chrono::milliseconds base{100};
  std::chrono::milliseconds cap{5000};
};

// The delay before retry number `attempt` (1 = first retry): min(cap, base * 2^(attempt-1)),
// of which the upper half is scaled by `unit_random` in [0, 1] (clamped). attempt < 1 counts as 1.
std::chrono::milliseconds BackoffDelay(const BackoffPolicy& policy, int attempt,
                                       double unit_random);

}  // namespace shop::resilience
