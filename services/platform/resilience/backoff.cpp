#include "platform/resilience/backoff.hpp"

#include <algorithm>

namespace shop::resilience {

std::chrono::milliseconds BackoffDelay(const BackoffPolicy& policy, int attempt,
                                       double unit_random) {
  const long long cap = std::max<long long>(0, policy.cap.count());
  long long delay = std::min(std::max<long long>(0, policy.base.count()), cap);
  // Doubling stops at the cap, so a large attempt number cannot overflow.
  for (int i = 1; i < attempt && delay < cap; ++i) {
    delay = std::min(delay * 2, cap);
  }
  const double jitter = std::clamp(unit_random, 0.0, 1.0);
  const long long half = delay / 2;
  return std::chrono::milliseconds(half + static_cast<long long>((delay - half) * jitter));
}

}  // namespace shop::resilience
