#include "platform/resilience/bulkhead.hpp"

#include <gtest/gtest.h>

namespace shop::resilience {
namespace {

using std::chrono::milliseconds;

TEST(Bulkhead, TurnsAwayACallerWhenEveryPlaceIsTaken) {
  Bulkhead bulkhead(2);
  auto first = bulkhead.TryEnter(milliseconds(0));
  auto second = bulkhead.TryEnter(milliseconds(0));
  ASSERT_TRUE(first && second);
  EXPECT_FALSE(bulkhead.TryEnter(milliseconds(10)));
}

TEST(Bulkhead, APlaceComesFreeWhenAPassIsDropped) {
  Bulkhead bulkhead(1);
  {
    auto pass = bulkhead.TryEnter(milliseconds(0));
    ASSERT_TRUE(pass);
    EXPECT_FALSE(bulkhead.TryEnter(milliseconds(0)));
    auto moved = std::move(*pass);  // a moved-from pass releases nothing
  }
  EXPECT_TRUE(bulkhead.TryEnter(milliseconds(0)));
}

TEST(Bulkhead, RefusesZeroCapacity) { EXPECT_THROW(Bulkhead(0), std::invalid_argument); }

}  // namespace
}  // namespace shop::resilience
