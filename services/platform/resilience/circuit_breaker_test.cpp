#include "platform/resilience/circuit_breaker.hpp"

#include <gtest/gtest.h>

namespace shop::resilience {
namespace {

using std::chrono::milliseconds;

// A clock the test moves by hand.
struct FakeClock {
  CircuitBreaker::Clock::time_point now{};
  CircuitBreaker::Now Function() {
    return [this] { return now; };
  }
};

CircuitBreakerOptions Options() {
  return {.failure_threshold = 3, .open_for = milliseconds(1000), .half_open_probes = 1};
}

void FailTimes(CircuitBreaker& breaker, int times) {
  for (int i = 0; i < times; ++i) {
    ASSERT_TRUE(breaker.Acquire().allowed);
    breaker.OnFailure();
  }
}

TEST(CircuitBreaker, StaysClosedBelowTheThresholdAndASuccessResetsTheCount) {
  FakeClock clock;
  CircuitBreaker breaker(Options(), clock.Function());
  FailTimes(breaker, 2);
  EXPECT_EQ(breaker.State(), BreakerState::kClosed);
  ASSERT_TRUE(breaker.Acquire().allowed);
  breaker.OnSuccess();
  FailTimes(breaker, 2);
  EXPECT_EQ(breaker.State(), BreakerState::kClosed);
}

TEST(CircuitBreaker, OpensAfterConsecutiveFailuresAndRefusesWithTheRemainingTime) {
  FakeClock clock;
  CircuitBreaker breaker(Options(), clock.Function());
  FailTimes(breaker, 3);
  EXPECT_EQ(breaker.State(), BreakerState::kOpen);
  clock.now += milliseconds(400);
  const CircuitBreaker::Permit permit = breaker.Acquire();
  EXPECT_FALSE(permit.allowed);
  EXPECT_EQ(permit.retry_after, milliseconds(600));
}

TEST(CircuitBreaker, LetsOneProbeThroughWhenTheOpenPeriodEnds) {
  FakeClock clock;
  CircuitBreaker breaker(Options(), clock.Function());
  FailTimes(breaker, 3);
  clock.now += milliseconds(1000);
  EXPECT_EQ(breaker.State(), BreakerState::kHalfOpen);
  EXPECT_TRUE(breaker.Acquire().allowed);
  const CircuitBreaker::Permit second = breaker.Acquire();
  EXPECT_FALSE(second.allowed) << "only one probe at a time";
  EXPECT_GT(second.retry_after.count(), 0);
}

TEST(CircuitBreaker, ASuccessfulProbeClosesIt) {
  FakeClock clock;
  CircuitBreaker breaker(Options(), clock.Function());
  FailTimes(breaker, 3);
  clock.now += milliseconds(1000);
  ASSERT_TRUE(breaker.Acquire().allowed);
  breaker.OnSuccess();
  EXPECT_EQ(breaker.State(), BreakerState::kClosed);
  EXPECT_TRUE(breaker.Acquire().allowed);
  EXPECT_TRUE(breaker.Acquire().allowed);
}

TEST(CircuitBreaker, AFailedProbeOpensItForAnotherPeriod) {
  FakeClock clock;
  CircuitBreaker breaker(Options(), clock.Function());
  FailTimes(breaker, 3);
  clock.now += milliseconds(1500);
  ASSERT_TRUE(breaker.Acquire().allowed);
  breaker.OnFailure();
  EXPECT_EQ(breaker.State(), BreakerState::kOpen);
  const CircuitBreaker::Permit permit = breaker.Acquire();
  EXPECT_FALSE(permit.allowed);
  EXPECT_EQ(permit.retry_after, milliseconds(1000));
}

TEST(CircuitBreaker, RefusesNonsensicalOptions) {
  EXPECT_THROW(CircuitBreaker({.failure_threshold = 0}), std::invalid_argument);
  EXPECT_THROW(CircuitBreaker({.half_open_probes = 0}), std::invalid_argument);
}

TEST(CircuitBreaker, StateNamesAreTheMetricLabels) {
  EXPECT_EQ(BreakerStateName(BreakerState::kClosed), "closed");
  EXPECT_EQ(BreakerStateName(BreakerState::kOpen), "open");
  EXPECT_EQ(BreakerStateName(BreakerState::kHalfOpen), "half_open");
}

}  // namespace
}  // namespace shop::resilience
