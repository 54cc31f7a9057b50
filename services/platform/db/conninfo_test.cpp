#include "platform/db/conninfo.hpp"

#include <gtest/gtest.h>

namespace shop::db {
namespace {

using std::chrono::milliseconds;

TEST(WithConnectTimeout, AddsTheTimeoutToAUri) {
  EXPECT_EQ(WithConnectTimeout("postgresql://u:p@127.0.0.1:5432/db", milliseconds(5000)),
            "postgresql://u:p@127.0.0.1:5432/db?connect_timeout=5");
  EXPECT_EQ(WithConnectTimeout("postgres://h/db?sslmode=disable", milliseconds(5000)),
            "postgres://h/db?sslmode=disable&connect_timeout=5");
}

TEST(WithConnectTimeout, AddsTheTimeoutToKeyValuePairs) {
  EXPECT_EQ(WithConnectTimeout("host=127.0.0.1 dbname=x", milliseconds(3000)),
            "host=127.0.0.1 dbname=x connect_timeout=3");
  EXPECT_EQ(WithConnectTimeout("", milliseconds(3000)), "connect_timeout=3");
}

TEST(WithConnectTimeout, RoundsUpToWholeSecondsOfAtLeastOne) {
  EXPECT_EQ(WithConnectTimeout("host=h", milliseconds(1500)), "host=h connect_timeout=2");
  EXPECT_EQ(WithConnectTimeout("host=h", milliseconds(0)), "host=h connect_timeout=1");
}

TEST(WithConnectTimeout, LeavesAnExplicitTimeoutAlone) {
  EXPECT_EQ(WithConnectTimeout("postgresql://h/db?connect_timeout=30", milliseconds(5000)),
            "postgresql://h/db?connect_timeout=30");
  EXPECT_EQ(WithConnectTimeout("host=h connect_timeout=30", milliseconds(5000)),
            "host=h connect_timeout=30");
}

}  // namespace
}  // namespace shop::db
