#include "payment/worker/work_signal.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

namespace shop::payment {
namespace {

using namespace std::chrono_literals;

// Each of these would block for an hour (and fail by the test's timeout) if a wake-up were lost.

TEST(WorkSignal, ANotifyBeforeTheWaitIsNotLost) {
  WorkSignal signal;
  const std::uint64_t seen = signal.Generation();
  signal.Notify();  // between looking for work and waiting
  signal.Wait(seen, 1h);
  EXPECT_EQ(signal.Generation(), seen + 1);
}

TEST(WorkSignal, ANotifyFromAnotherThreadEndsTheWait) {
  WorkSignal signal;
  const std::uint64_t seen = signal.Generation();
  std::thread notifier([&] { signal.Notify(); });
  signal.Wait(seen, 1h);
  notifier.join();
  EXPECT_NE(signal.Generation(), seen);
}

TEST(WorkSignal, WithoutANotifyTheWaitEndsAtItsTimeout) {
  WorkSignal signal;
  const std::uint64_t seen = signal.Generation();
  signal.Wait(seen, 1ms);
  EXPECT_EQ(signal.Generation(), seen);
}

}  // namespace
}  // namespace shop::payment
