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

TEST(AttemptScheduleTest,
     ByDefaultAnUnknownOutcomeIsRetriedWithinASecondAndAtMostHalfAMinuteLater) {
  const AttemptSchedule schedule;
  EXPECT_LE(resilience::BackoffDelay(schedule.retry, 1, 1.0), milliseconds(1000));
  EXPECT_EQ(resilience::BackoffDelay(schedule.retry, 100, 1.0), milliseconds(30000));
}

}  // namespace
}  // namespace shop::payment
