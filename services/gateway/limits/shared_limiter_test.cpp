#include "gateway/limits/shared_limiter.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <thread>
#include <utility>

namespace shop::gateway {
namespace {

using namespace std::chrono_literals;

// BackendSwitch: the decisions alone.

TEST(BackendSwitchTest, WithoutASharedStoreItIsLocalAndNeverProbes) {
  BackendSwitch s(false, 1s);
  EXPECT_EQ(s.Current(), LimiterBackend::kLocal);
  EXPECT_FALSE(s.TakeProbe(BackendSwitch::Clock::time_point(1000s)));
  EXPECT_FALSE(s.OnSuccess());
  EXPECT_EQ(s.Current(), LimiterBackend::kLocal);
}

TEST(BackendSwitchTest, TheFirstFailureSwitchesToLocalOnceAndTheNextOnesAreQuiet) {
  BackendSwitch s(true, 1s);
  const BackendSwitch::Clock::time_point t0(1000s);
  EXPECT_EQ(s.Current(), LimiterBackend::kShared);
  EXPECT_FALSE(s.TakeProbe(t0)) << "no probing while the shared store is in use";
  EXPECT_TRUE(s.OnFailure(t0));
  EXPECT_FALSE(s.OnFailure(t0 + 1ms)) << "one switch, reported once";
  EXPECT_EQ(s.Current(), LimiterBackend::kLocal);
  EXPECT_EQ(s.Fallbacks(), 1u);
}

TEST(BackendSwitchTest, ProbesComeOncePerIntervalAndASuccessfulOneSwitchesBack) {
  BackendSwitch s(true, 1s);
  const BackendSwitch::Clock::time_point t0(1000s);
  ASSERT_TRUE(s.OnFailure(t0));
  EXPECT_FALSE(s.TakeProbe(t0 + 999ms));
  EXPECT_TRUE(s.TakeProbe(t0 + 1s));
  EXPECT_FALSE(s.TakeProbe(t0 + 1s)) << "a second caller at the same time does not probe too";
  EXPECT_FALSE(s.TakeProbe(t0 + 1999ms));
  EXPECT_TRUE(s.TakeProbe(t0 + 2s));
  EXPECT_TRUE(s.OnSuccess());
  EXPECT_FALSE(s.OnSuccess()) << "switching back is reported once too";
  EXPECT_EQ(s.Current(), LimiterBackend::kShared);
  EXPECT_FALSE(s.TakeProbe(t0 + 10s));
  // And down again: a second fallback, probes timed from it.
  EXPECT_TRUE(s.OnFailure(t0 + 20s));
  EXPECT_FALSE(s.TakeProbe(t0 + 20500ms));
  EXPECT_TRUE(s.TakeProbe(t0 + 21s));
  EXPECT_EQ(s.Fallbacks(), 2u);
}

// SharedRateLimiter over a fake store that keeps the sliding window in memory (the script's rule)
// on the test's clock, and can be made to fail.
class FakeStore : public WindowStore {
 public:
  struct State {
    std::map<std::pair<std::string, std::int64_t>, std::int64_t> counts{};
    std::int64_t now_ms = 0;
    std::atomic<bool> down = false;  // the prober thread reads it
    int hits = 0;
    std::atomic<int> pings = 0;
  };
  explicit FakeStore(State& state) : state_(state) {}

  WindowCount Hit(const std::string& key, const RateLimit& limit) override {
    ++state_.hits;
    if (state_.down) {
      throw StoreError("connection refused");
    }
    const std::int64_t window = limit.window.count();
    const std::int64_t index = state_.now_ms / window;
    const std::int64_t elapsed = state_.now_ms - index * window;
    std::int64_t& current = state_.counts[{key, index}];
    const std::int64_t previous = state_.counts[{key, index - 1}];
    const bool allowed = SlidingWindowAllows(previous, current, elapsed, limit);
    current += allowed ? 1 : 0;
    return {.allowed = allowed, .previous = previous, .current = current, .elapsed_ms = elapsed};
  }
  void Ping() override {
    ++state_.pings;
    if (state_.down) {
      throw StoreError("connection refused");
    }
  }
  std::string Describe() const override { return "fake://"; }

 private:
  State& state_;
};

class SharedRateLimiterTest : public ::testing::Test {
 protected:
  std::unique_ptr<SharedRateLimiter> Gateway() {
    return std::make_unique<SharedRateLimiter>(
        SharedRateLimiter::Options{.max_keys = 100, .probe_interval = 1s, .start_prober = false},
        std::make_unique<FakeStore>(store_), [this] { return now_; });
  }
  static int Passing(SharedRateLimiter& limiter, int count) {
    int passed = 0;
    for (int i = 0; i < count; ++i) {
      passed += limiter.Acquire("auth|ip|1.2.3.4", kLimit).allowed ? 1 : 0;
    }
    return passed;
  }
  void Advance(std::chrono::milliseconds by) {
    now_ += by;
    store_.now_ms += by.count();
  }

  static constexpr RateLimit kLimit{.limit = 20, .window = 60s};
  FakeStore::State store_{.now_ms = 3'600'000};
  RateLimiter::Clock::time_point now_{1000s};
};

TEST_F(SharedRateLimiterTest, TwoGatewaysOnOneStoreAllowTheLimitTogether) {
  auto a = Gateway();
  auto b = Gateway();
  int passed = 0;
  for (int i = 0; i < 20; ++i) {
    passed += Passing(*a, 1) + Passing(*b, 1);
  }
  EXPECT_EQ(passed, 20);
  EXPECT_EQ(a->Backend(), LimiterBackend::kShared);
  EXPECT_EQ(a->LocalSize(), 0u) << "the local limiter is not used while the store answers";
}

TEST_F(SharedRateLimiterTest, AStoreOutageFallsBackToEachGatewaysOwnLimitThenBack) {
  auto a = Gateway();
  auto b = Gateway();
  store_.down = true;
  EXPECT_EQ(Passing(*a, 30) + Passing(*b, 30), 40) << "each gateway allows the limit on its own";
  EXPECT_EQ(a->Backend(), LimiterBackend::kLocal);
  EXPECT_EQ(a->Fallbacks(), 1u);
  EXPECT_EQ(store_.hits, 2) << "after the first failure the store is left alone";

  a->Probe();
  EXPECT_EQ(store_.pings, 0) << "no probe before the interval";
  Advance(1s);
  a->Probe();
  EXPECT_EQ(store_.pings, 1);
  EXPECT_EQ(a->Backend(), LimiterBackend::kLocal) << "the store is still down";

  store_.down = false;
  Advance(1s);
  a->Probe();
  b->Probe();
  EXPECT_EQ(a->Backend(), LimiterBackend::kShared);
  EXPECT_EQ(b->Backend(), LimiterBackend::kShared);
  Advance(3600s);  // a fresh window in the store
  EXPECT_EQ(Passing(*a, 15) + Passing(*b, 15), 20) << "shared again";
}

TEST_F(SharedRateLimiterTest, WithoutAStoreItIsTheLocalLimiter) {
  SharedRateLimiter local({.max_keys = 100, .probe_interval = 1s}, nullptr,
                          [this] { return now_; });
  EXPECT_EQ(local.Backend(), LimiterBackend::kLocal);
  EXPECT_EQ(Passing(local, 30), 20);
  local.Probe();
  EXPECT_EQ(local.Fallbacks(), 0u);
  EXPECT_THROW(local.Acquire("k", RateLimit{.limit = 0}), std::invalid_argument);
}

TEST_F(SharedRateLimiterTest, TheProberThreadBringsTheSharedLimiterBack) {
  // The real thread on the real clock (a short interval); the test waits for the backend to
  // change, with a deadline.
  store_.down = true;
  SharedRateLimiter limiter({.max_keys = 100, .probe_interval = 20ms},
                            std::make_unique<FakeStore>(store_));
  limiter.Acquire("k", kLimit);
  ASSERT_EQ(limiter.Backend(), LimiterBackend::kLocal);
  store_.down = false;
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (limiter.Backend() != LimiterBackend::kShared &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(5ms);
  }
  EXPECT_EQ(limiter.Backend(), LimiterBackend::kShared);
  EXPECT_GE(store_.pings.load(), 1);
}

}  // namespace
}  // namespace shop::gateway
