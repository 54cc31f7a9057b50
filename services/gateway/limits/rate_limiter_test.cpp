#include "gateway/limits/rate_limiter.hpp"

#include <gtest/gtest.h>

namespace shop::gateway {
namespace {

using namespace std::chrono_literals;

class RateLimiterTest : public ::testing::Test {
 protected:
  RateLimiter::Now Clock() {
    return [this] { return now_; };
  }
  // How many of `count` requests pass right now.
  int Passing(RateLimiter& limiter, const std::string& key, const RateLimit& limit, int count) {
    int passed = 0;
    for (int i = 0; i < count; ++i) {
      passed += limiter.Acquire(key, limit).allowed ? 1 : 0;
    }
    return passed;
  }

  RateLimiter::Clock::time_point now_{std::chrono::seconds(1000)};
  const RateLimit twenty_a_minute_{.limit = 20, .window = 60s};
};

TEST_F(RateLimiterTest, ABurstUpToTheLimitPassesThenRequestsAreRefused) {
  RateLimiter limiter(100, Clock());
  EXPECT_EQ(Passing(limiter, "auth|ip|1.2.3.4", twenty_a_minute_, 40), 20);
}

TEST_F(RateLimiterTest, VerdictsCarryWhatTheRateLimitHeadersNeed) {
  RateLimiter limiter(100, Clock());
  const RateVerdict first = limiter.Acquire("k", twenty_a_minute_);
  EXPECT_TRUE(first.allowed);
  EXPECT_EQ(first.limit, 20);
  EXPECT_EQ(first.remaining, 19);
  EXPECT_EQ(first.reset, 3s) << "one token refills in 60 s / 20";
  Passing(limiter, "k", twenty_a_minute_, 19);
  const RateVerdict refused = limiter.Acquire("k", twenty_a_minute_);
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.remaining, 0);
  EXPECT_EQ(refused.retry_after, 3s);
  EXPECT_EQ(refused.reset, 60s);
}

TEST_F(RateLimiterTest, TokensComeBackOverTheWindowAndTheWholeQuotaAfterIt) {
  RateLimiter limiter(100, Clock());
  EXPECT_EQ(Passing(limiter, "k", twenty_a_minute_, 25), 20);
  now_ += 3s;
  EXPECT_EQ(Passing(limiter, "k", twenty_a_minute_, 5), 1);
  now_ += 60s;
  EXPECT_EQ(Passing(limiter, "k", twenty_a_minute_, 25), 20);
}

TEST_F(RateLimiterTest, KeysHaveSeparateBuckets) {
  RateLimiter limiter(100, Clock());
  EXPECT_EQ(Passing(limiter, "auth|ip|1.1.1.1", twenty_a_minute_, 25), 20);
  EXPECT_EQ(Passing(limiter, "auth|ip|2.2.2.2", twenty_a_minute_, 25), 20);
  EXPECT_EQ(Passing(limiter, "other|ip|1.1.1.1", {.limit = 100, .window = 60s}, 120), 100);
}

TEST_F(RateLimiterTest, MemoryIsBoundedAndTheLeastRecentlyUsedGoesFirst) {
  RateLimiter limiter(3, Clock());
  Passing(limiter, "a", twenty_a_minute_, 20);
  Passing(limiter, "b", twenty_a_minute_, 20);
  Passing(limiter, "c", twenty_a_minute_, 20);
  Passing(limiter, "a", twenty_a_minute_, 1);  // a is now the most recently used
  Passing(limiter, "d", twenty_a_minute_, 1);  // evicts b
  EXPECT_EQ(limiter.Size(), 3u);
  EXPECT_EQ(limiter.Evictions(), 1u);
  EXPECT_EQ(Passing(limiter, "a", twenty_a_minute_, 1), 0) << "a kept its empty bucket";
  EXPECT_EQ(Passing(limiter, "b", twenty_a_minute_, 1), 1) << "b starts again";
}

TEST_F(RateLimiterTest, IdleBucketsThatRefilledAreDroppedAsCallsPass) {
  RateLimiter limiter(100, Clock());
  for (int i = 0; i < 5; ++i) {
    limiter.Acquire("idle-" + std::to_string(i), twenty_a_minute_);
  }
  now_ += 61s;
  for (int i = 0; i < 5; ++i) {
    limiter.Acquire("busy", twenty_a_minute_);
  }
  EXPECT_EQ(limiter.Size(), 1u);
  EXPECT_EQ(limiter.Evictions(), 0u);
}

TEST_F(RateLimiterTest, AShortWindowResetsQuickly) {
  RateLimiter limiter(100, Clock());
  const RateLimit three_per_two_seconds{.limit = 3, .window = 2s};
  EXPECT_EQ(Passing(limiter, "k", three_per_two_seconds, 5), 3);
  now_ += 2s;
  EXPECT_EQ(limiter.Acquire("k", three_per_two_seconds).remaining, 2);
}

TEST_F(RateLimiterTest, BadLimitsAreRefused) {
  RateLimiter limiter(100, Clock());
  EXPECT_THROW(limiter.Acquire("k", {.limit = 0}), std::invalid_argument);
  EXPECT_THROW(limiter.Acquire("k", {.limit = 1, .window = 0ms}), std::invalid_argument);
}

}  // namespace
}  // namespace shop::gateway
