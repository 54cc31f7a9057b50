#include "platform/resilience/circuit_breaker.hpp"

#include <stdexcept>

namespace shop::resilience {

std::string_view BreakerStateName(BreakerState state) {
  switch (state) {
    case BreakerState::kClosed:
      return "closed";
    case BreakerState::kOpen:
      return "open";
    case BreakerState::kHalfOpen:
      return "half_open";
  }
  return "closed";
}

double BreakerStateGaugeValue(BreakerState state) {
  switch (state) {
    case BreakerState::kClosed:
      return 0;
    case BreakerState::kHalfOpen:
      return 1;
    case BreakerState::kOpen:
      return 2;
  }
  return 0;
}

CircuitBreaker::CircuitBreaker(CircuitBreakerOptions options, Now now)
    : options_(options), now_(std::move(now)) {
  if (options_.failure_threshold < 1 || options_.half_open_probes < 1 ||
      options_.open_for.count() < 0) {
    throw std::invalid_argument(
        "circuit breaker: failure_threshold and half_open_probes must be >= 1, open_for >= 0");
  }
}

void CircuitBreaker::AdvanceLocked(Clock::time_point now) {
  if (state_ == BreakerState::kOpen && now >= open_until_) {
    state_ = BreakerState::kHalfOpen;
    probes_in_flight_ = 0;
  }
}

CircuitBreaker::Permit CircuitBreaker::Acquire() {
  const Clock::time_point now = now_();
  const std::lock_guard lock(mutex_);
  AdvanceLocked(now);
  switch (state_) {
    case BreakerState::kClosed:
      return {.allowed = true};
    case BreakerState::kHalfOpen:
      if (probes_in_flight_ < options_.half_open_probes) {
        ++probes_in_flight_;
        return {.allowed = true};
      }
      // Probes are out: the next decision comes with their outcome, at the latest one open
      // period from now.
      return {.allowed = false, .retry_after = options_.open_for};
    case BreakerState::kOpen:
      break;
  }
  return {.allowed = false,
          .retry_after = std::chrono::ceil<std::chrono::milliseconds>(open_until_ - now)};
}

void CircuitBreaker::OnSuccess() {
  const std::lock_guard lock(mutex_);
  consecutive_failures_ = 0;
  if (state_ == BreakerState::kHalfOpen) {
    state_ = BreakerState::kClosed;
    probes_in_flight_ = 0;
  }
}

void CircuitBreaker::OnFailure() {
  const Clock::time_point now = now_();
  const std::lock_guard lock(mutex_);
  ++consecutive_failures_;
  if (state_ == BreakerState::kHalfOpen ||
      (state_ == BreakerState::kClosed && consecutive_failures_ >= options_.failure_threshold)) {
    state_ = BreakerState::kOpen;
    open_until_ = now + options_.open_for;
    probes_in_flight_ = 0;
  }
}

BreakerState CircuitBreaker::State() const {
  const Clock::time_point now = now_();
  const std::lock_guard lock(mutex_);
  if (state_ == BreakerState::kOpen && now >= open_until_) {
    return BreakerState::kHalfOpen;
  }
  return state_;
}

}  // namespace shop::resilience
