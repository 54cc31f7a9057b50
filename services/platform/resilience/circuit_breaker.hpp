#pragma once
// A circuit breaker for calls to another service (closed / open / half-open).
//
// Closed: calls go through; `failure_threshold` consecutive failures open it. Open: calls are
// refused at once (the caller answers 503 with Retry-After) until `open_for` has passed. Half-open:
// up to `half_open_probes` calls at a time go through as probes; a success closes the breaker, a
// failure opens it again for another `open_for`.
//
// Thread-safe. The clock is injectable so the state machine is testable without waiting.

#include <chrono>
#include <functional>
#include <mutex>
#include <string_view>

namespace shop::resilience {

struct CircuitBreakerOptions {
  int failure_threshold = 5;
  std::chrono::milliseconds open_for{10000};
  int half_open_probes = 1;
};

enum class BreakerState { kClosed, kOpen, kHalfOpen };

std::string_view BreakerStateName(BreakerState state);  // "closed", "open", "half_open"
// The value of a breaker-state gauge: 0 closed, 1 half-open, 2 open.
double BreakerStateGaugeValue(BreakerState state);

class CircuitBreaker {
 public:
  using Clock = std::chrono::steady_clock;
  using Now = std::function<Clock::time_point()>;

  // The verdict on one call. When `allowed`, the caller must report the call's outcome with
  // OnSuccess() or OnFailure(); otherwise `retry_after` says when a probe may go through.
  struct Permit {
    bool allowed = false;
    std::chrono::milliseconds retry_after{0};
  };

  explicit CircuitBreaker(CircuitBreakerOptions options, Now now = Clock::now);

  Permit Acquire();
  void OnSuccess();
  void OnFailure();
  BreakerState State() const;

 private:
  // Moves an open breaker whose time is up to half-open. Needs mutex_.
  void AdvanceLocked(Clock::time_point now);

  const CircuitBreakerOptions options_;
  const Now now_;
  mutable std::mutex mutex_;
  BreakerState state_ = BreakerState::kClosed;
  int consecutive_failures_ = 0;
  int probes_in_flight_ = 0;
  Clock::time_point open_until_{};
};

}  // namespace shop::resilience
