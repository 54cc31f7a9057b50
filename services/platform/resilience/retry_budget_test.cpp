#include "platform/resilience/retry_budget.hpp"

#include <gtest/gtest.h>

namespace shop::resilience {
namespace {

using namespace std::chrono_literals;

class RetryBudgetTest : public ::testing::Test {
 protected:
  RetryBudget::Now Clock() {
    return [this] { return now_; };
  }
  int RetriesGranted(RetryBudget& budget, int asked) {
    int granted = 0;
    for (int i = 0; i < asked; ++i) {
      granted += budget.TryRetry() ? 1 : 0;
    }
    return granted;
  }

  RetryBudget::Clock::time_point now_{std::chrono::seconds(1000)};
};

TEST_F(RetryBudgetTest, AQuietCallerMayStillRetryTheMinimum) {
  RetryBudget budget({.ratio = 0.2, .min_retries = 3, .window = 10s}, Clock());
  EXPECT_EQ(RetriesGranted(budget, 10), 3);
}

TEST_F(RetryBudgetTest, RetriesAddAtMostTheRatioOfFirstAttempts) {
  RetryBudget budget({.ratio = 0.2, .min_retries = 0, .window = 10s}, Clock());
  for (int i = 0; i < 100; ++i) {
    budget.OnFirstAttempt();
  }
  EXPECT_EQ(RetriesGranted(budget, 50), 20);
  budget.OnFirstAttempt();
  budget.OnFirstAttempt();
  budget.OnFirstAttempt();
  budget.OnFirstAttempt();
  budget.OnFirstAttempt();
  EXPECT_EQ(RetriesGranted(budget, 5), 1) << "5 more attempts earn one more retry";
}

TEST_F(RetryBudgetTest, AttemptsAndRetriesOlderThanTheWindowNoLongerCount) {
  RetryBudget budget({.ratio = 0.5, .min_retries = 1, .window = 10s}, Clock());
  for (int i = 0; i < 10; ++i) {
    budget.OnFirstAttempt();
  }
  EXPECT_EQ(RetriesGranted(budget, 10), 6);
  now_ += 5s;
  EXPECT_EQ(RetriesGranted(budget, 10), 0) << "half a window later all still count";
  now_ += 6s;
  EXPECT_EQ(RetriesGranted(budget, 10), 1) << "a window later only the minimum is left";
}

TEST_F(RetryBudgetTest, TheWindowSlidesInSteps) {
  RetryBudget budget({.ratio = 1.0, .min_retries = 0, .window = 10s}, Clock());
  budget.OnFirstAttempt();  // in the first step
  now_ += 5s;
  budget.OnFirstAttempt();  // half a window later
  now_ += 6s;               // the first has left the window, the second not
  EXPECT_EQ(RetriesGranted(budget, 5), 1);
}

TEST_F(RetryBudgetTest, BadOptionsAreRefused) {
  EXPECT_THROW(RetryBudget({.ratio = -1}), std::invalid_argument);
  EXPECT_THROW(RetryBudget({.min_retries = -1}), std::invalid_argument);
  EXPECT_THROW(RetryBudget({.window = 1ms}), std::invalid_argument);
}

}  // namespace
}  // namespace shop::resilience
