#include "payment/domain/attempt_schedule.hpp"

#include <gtest/gtest.h>

namespace shop::payment {
namespace {

using std::chrono::milliseconds;

TEST(AttemptScheduleTest, TheLeaseCoversEveryAttemptOfTheCallAndAMargin) {
  EXPECT_EQ(ClaimLease(milliseconds(5000), 2, milliseconds(400)), milliseconds(12400));
  EXPECT_EQ(ClaimLease(milliseconds(1000), 1, milliseconds(400)), milliseconds(3000));
  EXPECT_EQ(ClaimLease(milliseconds(1000), 0, milliseconds(400)), milliseconds(3000));
}

TEST(AttemptScheduleTest, RetriesBackOffExponentiallyUpToTheCap) {
  const AttemptSchedule schedule{.retry = {milliseconds(1000), milliseconds(30000)}};
  EXPECT_EQ(RetryDelay(schedule, 1, 1.0), milliseconds(1000));
  EXPECT_EQ(RetryDelay(schedule, 2, 1.0), milliseconds(2000));
  EXPECT_EQ(RetryDelay(schedule, 5, 1.0), milliseconds(16000));
  EXPECT_EQ(RetryDelay(schedule, 6, 1.0), milliseconds(30000));
  EXPECT_EQ(RetryDelay(schedule, 1000, 1.0), milliseconds(30000));
}

TEST(AttemptScheduleTest, JitterKeepsAtLeastHalfOfTheDelay) {
  const AttemptSchedule schedule{.retry = {milliseconds(1000), milliseconds(30000)}};
  EXPECT_EQ(RetryDelay(schedule, 3, 0.0), milliseconds(2000));
  const milliseconds middle = RetryDelay(schedule, 3, 0.5);
  EXPECT_GT(middle, milliseconds(2000));
  EXPECT_LT(middle, milliseconds(4000));
}

}  // namespace
}  // namespace shop::payment
