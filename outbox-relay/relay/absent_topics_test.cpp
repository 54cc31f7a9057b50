#include "relay/absent_topics.hpp"

#include <gtest/gtest.h>

namespace shop::relay {
namespace {

using namespace std::chrono_literals;

TEST(AbsentTopics, RowsWaitForTheGracePeriodFromTheFirstRefusal) {
  AbsentTopics topics(60s);
  const auto t0 = AbsentTopics::Clock::time_point{} + 1000s;
  EXPECT_FALSE(topics.Refused("orders", t0));
  EXPECT_FALSE(topics.Refused("orders", t0 + 59s));
  const auto reason = topics.Refused("orders", t0 + 61s);
  ASSERT_TRUE(reason);
  EXPECT_NE(reason->find("topic orders does not exist"), std::string::npos) << *reason;
  EXPECT_FALSE(topics.Refused("payments", t0 + 61s)) << "each topic has its own clock";
}

TEST(AbsentTopics, ADeliveryToTheTopicRestartsItsClock) {
  AbsentTopics topics(60s);
  const auto t0 = AbsentTopics::Clock::time_point{} + 1000s;
  EXPECT_FALSE(topics.Refused("orders", t0));
  topics.Delivered("orders");
  EXPECT_FALSE(topics.Refused("orders", t0 + 100s));
  EXPECT_TRUE(topics.Refused("orders", t0 + 161s));
}

}  // namespace
}  // namespace shop::relay
