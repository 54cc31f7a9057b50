#include "notification/domain/user_wait.hpp"

#include <gtest/gtest.h>

namespace shop::notification {
namespace {

using namespace std::chrono_literals;

TEST(UserWaitTest, AnEventWaitsForItsUserForThePatienceThenGivesUp) {
  UserWait wait(30s);
  const auto t0 = UserWait::Clock::time_point(1h);
  EXPECT_TRUE(wait.KeepWaiting("e1", t0));
  EXPECT_TRUE(wait.KeepWaiting("e1", t0 + 29s));
  EXPECT_FALSE(wait.KeepWaiting("e1", t0 + 30s));
  // Another event's wait starts on its own first failure.
  EXPECT_TRUE(wait.KeepWaiting("e2", t0 + 30s));
}

TEST(UserWaitTest, AForgottenEventStartsAfresh) {
  UserWait wait(1s);
  const auto t0 = UserWait::Clock::time_point(1h);
  EXPECT_TRUE(wait.KeepWaiting("e1", t0));
  wait.Forget("e1");
  EXPECT_TRUE(wait.KeepWaiting("e1", t0 + 5s));
}

TEST(UserWaitTest, WaitsOfEventsLongGoneArePurged) {
  UserWait wait(1s);
  const auto t0 = UserWait::Clock::time_point(1h);
  wait.KeepWaiting("dead-lettered", t0);
  EXPECT_EQ(wait.waiting(), 1u);
  wait.KeepWaiting("later", t0 + 1h);
  EXPECT_EQ(wait.waiting(), 1u);
}

TEST(UserWaitTest, ZeroPatienceGivesUpAtOnce) {
  UserWait wait(0s);
  EXPECT_FALSE(wait.KeepWaiting("e1", UserWait::Clock::now()));
}

}  // namespace
}  // namespace shop::notification
