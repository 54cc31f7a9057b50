#include "payment/domain/attempt_schedule.hpp"

#include <algorithm>

namespace shop::payment {

std::chrono::milliseconds ClaimLease(std::chrono::milliseconds per_attempt_timeout,
                                     int max_attempts, std::chrono::milliseconds backoff_cap) {
  const int attempts = std::max(1, max_attempts);
  return per_attempt_timeout * attempts + backoff_cap * (attempts - 1) + std::chrono::seconds(2);
}

}  // namespace shop::payment
