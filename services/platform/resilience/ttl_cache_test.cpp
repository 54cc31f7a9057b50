#include "platform/resilience/ttl_cache.hpp"

#include <gtest/gtest.h>

#include <string>

namespace shop::resilience {
namespace {

using std::chrono::seconds;

struct FakeClock {
  std::chrono::steady_clock::time_point now{};
  std::function<std::chrono::steady_clock::time_point()> Function() {
    return [this] { return now; };
  }
};

TEST(TtlCache, AnswersUntilTheEntryExpires) {
  FakeClock clock;
  TtlCache<std::string, int> cache(10, clock.Function());
  cache.Put("a", 1, seconds(30));
  EXPECT_EQ(cache.Get("a"), std::optional<int>(1));
  clock.now += seconds(29);
  EXPECT_EQ(cache.Get("a"), std::optional<int>(1));
  clock.now += seconds(1);
  EXPECT_EQ(cache.Get("a"), std::nullopt);
  EXPECT_EQ(cache.Get("never"), std::nullopt);
}

TEST(TtlCache, PutReplacesTheValueAndItsExpiry) {
  FakeClock clock;
  TtlCache<std::string, int> cache(10, clock.Function());
  cache.Put("a", 1, seconds(5));
  clock.now += seconds(4);
  cache.Put("a", 2, seconds(5));
  clock.now += seconds(4);
  EXPECT_EQ(cache.Get("a"), std::optional<int>(2));
  EXPECT_EQ(cache.Size(), 1u);
}

TEST(TtlCache, WhenFullDropsExpiredEntriesFirstThenTheOldest) {
  FakeClock clock;
  TtlCache<std::string, int> cache(2, clock.Function());
  cache.Put("short", 1, seconds(1));
  cache.Put("long", 2, seconds(100));
  clock.now += seconds(2);
  cache.Put("new", 3, seconds(100));  // "short" has expired: it goes, "long" stays
  EXPECT_EQ(cache.Get("long"), std::optional<int>(2));
  EXPECT_EQ(cache.Get("new"), std::optional<int>(3));
  cache.Put("newest", 4, seconds(100));  // nothing expired: the oldest, "long", goes
  EXPECT_EQ(cache.Get("long"), std::nullopt);
  EXPECT_EQ(cache.Get("new"), std::optional<int>(3));
  EXPECT_EQ(cache.Get("newest"), std::optional<int>(4));
  EXPECT_EQ(cache.Size(), 2u);
}

TEST(TtlCache, EraseForgetsAnEntry) {
  TtlCache<std::string, int> cache(4);
  cache.Put("a", 1, seconds(60));
  cache.Erase("a");
  cache.Erase("absent");
  EXPECT_EQ(cache.Get("a"), std::nullopt);
  EXPECT_EQ(cache.Size(), 0u);
}

TEST(TtlCache, RefusesZeroCapacity) {
  EXPECT_THROW((TtlCache<std::string, int>(0)), std::invalid_argument);
}

}  // namespace
}  // namespace shop::resilience
