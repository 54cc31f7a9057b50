#include "platform/resilience/backoff.hpp"

#include <gtest/gtest.h>

namespace shop::resilience {
namespace {

using std::chrono::milliseconds;

TEST(Backoff, DoublesFromTheBaseWithoutJitterAtZero) {
  const BackoffPolicy policy{milliseconds(100), milliseconds(5000)};
  // unit_random = 1 gives the full delay, 0 gives half of it.
  EXPECT_EQ(BackoffDelay(policy, 1, 1.0), milliseconds(100));
  EXPECT_EQ(BackoffDelay(policy, 2, 1.0), milliseconds(200));
  EXPECT_EQ(BackoffDelay(policy, 3, 1.0), milliseconds(400));
  EXPECT_EQ(BackoffDelay(policy, 1, 0.0), milliseconds(50));
  EXPECT_EQ(BackoffDelay(policy, 3, 0.5), milliseconds(300));
}

TEST(Backoff, NeverExceedsTheCapEvenForHugeAttemptNumbers) {
  const BackoffPolicy policy{milliseconds(100), milliseconds(5000)};
  EXPECT_EQ(BackoffDelay(policy, 7, 1.0), milliseconds(5000));
  EXPECT_EQ(BackoffDelay(policy, 1'000'000, 1.0), milliseconds(5000));
  EXPECT_EQ(BackoffDelay(policy, 1'000'000, 0.0), milliseconds(2500));
}

TEST(Backoff, ClampsOutOfRangeInputs) {
  const BackoffPolicy policy{milliseconds(100), milliseconds(5000)};
  EXPECT_EQ(BackoffDelay(policy, 0, 1.0), milliseconds(100));
  EXPECT_EQ(BackoffDelay(policy, -3, 1.0), milliseconds(100));
  EXPECT_EQ(BackoffDelay(policy, 2, 7.0), milliseconds(200));
  EXPECT_EQ(BackoffDelay(policy, 2, -1.0), milliseconds(100));
  EXPECT_EQ(BackoffDelay({milliseconds(800), milliseconds(300)}, 1, 1.0), milliseconds(300));
}

TEST(Backoff, JitterStaysWithinTheUpperHalf) {
  const BackoffPolicy policy{milliseconds(100), milliseconds(5000)};
  for (double r = 0.0; r <= 1.0; r += 0.05) {
    const auto delay = BackoffDelay(policy, 4, r);
    EXPECT_GE(delay, milliseconds(400));
    EXPECT_LE(delay, milliseconds(800));
  }
}

}  // namespace
}  // namespace shop::resilience
