#include "gateway/limits/sliding_window.hpp"

#include <algorithm>
#include <cmath>

namespace shop::gateway {
namespace {

std::chrono::seconds CeilSeconds(double ms) {
  return std::chrono::seconds(static_cast<long long>(std::ceil(std::max(0.0, ms) / 1000.0 - 1e-9)));
}

double Estimate(std::int64_t previous, std::int64_t current, double elapsed, double window) {
  return static_cast<double>(previous) * (window - elapsed) / window + static_cast<double>(current);
}

}  // namespace

bool SlidingWindowAllows(std::int64_t previous, std::int64_t current, std::int64_t elapsed_ms,
                         const RateLimit& limit) {
  const auto window = static_cast<double>(limit.window.count());
  return Estimate(previous, current, static_cast<double>(elapsed_ms), window) + 1 <= limit.limit;
}

RateVerdict SlidingWindowVerdict(const WindowCount& count, const RateLimit& limit) {
  const auto window = static_cast<double>(limit.window.count());
  const auto elapsed =
      static_cast<double>(std::clamp<std::int64_t>(count.elapsed_ms, 0, limit.window.count()));
  const double estimate = Estimate(count.previous, count.current, elapsed, window);
  RateVerdict verdict;
  verdict.allowed = count.allowed;
  verdict.limit = limit.limit;
  verdict.remaining = std::max(0, static_cast<int>(std::floor(limit.limit - estimate + 1e-9)));
  // The current window's requests count fully until it ends, then fade over the next one.
  if (count.current > 0) {
    verdict.reset = CeilSeconds(2 * window - elapsed);
  } else if (count.previous > 0) {
    verdict.reset = CeilSeconds(window - elapsed);
  }
  if (!count.allowed) {
    const double room = limit.limit - 1.0;  // the estimate must fall to this
    double wait_ms = 0;
    if (static_cast<double>(count.current) <= room && count.previous > 0) {
      // Later in this window, as the previous window's share fades.
      const double at = window * (1.0 - (room - count.current) / count.previous);
      wait_ms = at - elapsed;
    } else {
      // Next window, as this window's share fades in turn.
      const double at =
          count.current > 0 ? window * (1.0 - room / static_cast<double>(count.current)) : 0;
      wait_ms = (window - elapsed) + std::max(0.0, at);
    }
    verdict.retry_after = std::max(std::chrono::seconds(1), CeilSeconds(wait_ms));
  }
  return verdict;
}

}  // namespace shop::gateway
