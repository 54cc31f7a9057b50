#include "gateway/limits/sliding_window.hpp"

#include <gtest/gtest.h>

#include "gateway/limits/redis_store.hpp"

namespace shop::gateway {
namespace {

using namespace std::chrono_literals;

const RateLimit kTwentyAMinute{.limit = 20, .window = 60s};

TEST(SlidingWindowTest, AFreshWindowLetsTheLimitThroughAndNoMore) {
  EXPECT_TRUE(SlidingWindowAllows(0, 0, 0, kTwentyAMinute));
  EXPECT_TRUE(SlidingWindowAllows(0, 19, 30000, kTwentyAMinute));
  EXPECT_FALSE(SlidingWindowAllows(0, 20, 30000, kTwentyAMinute));
}

TEST(SlidingWindowTest, ThePreviousWindowCountsForTheShareStillInsideTheSlidingWindow) {
  // 20 in the previous window; 15 s into this one, three quarters of them still count (15).
  EXPECT_TRUE(SlidingWindowAllows(20, 4, 15000, kTwentyAMinute));   // 15 + 4 + 1 = 20
  EXPECT_FALSE(SlidingWindowAllows(20, 5, 15000, kTwentyAMinute));  // 15 + 5 + 1 = 21
  // At the boundary the whole previous window counts: no burst of 2x the limit across it.
  EXPECT_FALSE(SlidingWindowAllows(20, 0, 0, kTwentyAMinute));
  // Half-way, half of it.
  EXPECT_TRUE(SlidingWindowAllows(20, 9, 30000, kTwentyAMinute));
  EXPECT_FALSE(SlidingWindowAllows(20, 10, 30000, kTwentyAMinute));
}

TEST(SlidingWindowTest, AnAllowedRequestReportsWhatRemainsAndWhenAllIsForgotten) {
  const RateVerdict v = SlidingWindowVerdict(
      {.allowed = true, .previous = 0, .current = 5, .elapsed_ms = 10000}, kTwentyAMinute);
  EXPECT_TRUE(v.allowed);
  EXPECT_EQ(v.limit, 20);
  EXPECT_EQ(v.remaining, 15);
  EXPECT_EQ(v.reset, 110s);  // this window's 50 s, then the next one's 60 s of fading
  EXPECT_EQ(v.retry_after, 0s);

  const RateVerdict only_previous = SlidingWindowVerdict(
      {.allowed = true, .previous = 8, .current = 0, .elapsed_ms = 45000}, kTwentyAMinute);
  EXPECT_EQ(only_previous.reset, 15s);
  EXPECT_EQ(only_previous.remaining, 18);  // 8 * 15/60 = 2 still count
}

TEST(SlidingWindowTest, ARefusalInAFreshWindowWaitsForTheNextWindowToFadeIt) {
  // 20 in this window, 30 s in: the next window starts in 30 s, then 20 * (1 - t/60) <= 19 needs
  // t >= 3 s: 33 s.
  const RateVerdict v = SlidingWindowVerdict(
      {.allowed = false, .previous = 0, .current = 20, .elapsed_ms = 30000}, kTwentyAMinute);
  EXPECT_FALSE(v.allowed);
  EXPECT_EQ(v.remaining, 0);
  EXPECT_EQ(v.retry_after, 33s);
}

TEST(SlidingWindowTest, ARefusalBecauseOfThePreviousWindowWaitsForItsShareToFade) {
  // 20 before, 4 now, 15 s in: 20 * (60 - t)/60 + 4 <= 19 needs t >= 15 s... already 15 + 4 + 1
  // = 20 passes, so take 5 now: t >= 60 * (1 - 14/20) = 18 s, i.e. 3 s from now.
  const RateVerdict v = SlidingWindowVerdict(
      {.allowed = false, .previous = 20, .current = 5, .elapsed_ms = 15000}, kTwentyAMinute);
  EXPECT_EQ(v.retry_after, 3s);
  // Never less than a second.
  const RateVerdict soon = SlidingWindowVerdict(
      {.allowed = false, .previous = 20, .current = 5, .elapsed_ms = 17999}, kTwentyAMinute);
  EXPECT_EQ(soon.retry_after, 1s);
}

TEST(SlidingWindowTest, TheScriptAppliesTheSameRule) {
  // The Lua script is exercised against a real Redis by the e2e tests; here: it is the rule.
  const std::string script = kSlidingWindowScript;
  EXPECT_NE(script.find("previous * (window - elapsed) / window + current + 1 <= limit"),
            std::string::npos);
  EXPECT_NE(script.find("redis.call('TIME')"), std::string::npos);
  EXPECT_NE(script.find("PEXPIRE"), std::string::npos);
}

TEST(RedisUrlTest, HostPortDatabaseAndCredentialsAreRead) {
  const RedisAddress plain = ParseRedisUrl("redis://127.0.0.1:6380");
  EXPECT_EQ(plain.host, "127.0.0.1");
  EXPECT_EQ(plain.port, 6380);
  EXPECT_EQ(plain.database, 0);
  EXPECT_TRUE(plain.password.empty());

  const RedisAddress named = ParseRedisUrl("redis://redis");
  EXPECT_EQ(named.host, "redis");
  EXPECT_EQ(named.port, 6379);

  const RedisAddress full = ParseRedisUrl("redis://gateway:s3cret@redis.shop:6379/2");
  EXPECT_EQ(full.user, "gateway");
  EXPECT_EQ(full.password, "s3cret");
  EXPECT_EQ(full.host, "redis.shop");
  EXPECT_EQ(full.database, 2);

  EXPECT_EQ(ParseRedisUrl("redis://:pw@h/").password, "pw");
}

TEST(RedisUrlTest, AnythingElseIsRefused) {
  for (const char* bad : {"http://redis:6379", "redis://", "redis://:6379", "redis://h:port",
                          "redis://h:70000", "redis://h:6379/x", "127.0.0.1:6379"}) {
    EXPECT_THROW(ParseRedisUrl(bad), std::invalid_argument) << bad;
  }
}

}  // namespace
}  // namespace shop::gateway
