#include "platform/db/pool.hpp"

#include <gtest/gtest.h>

namespace shop::db {
namespace {

TEST(RedactConninfoTest, HidesThePasswordOfAUri) {
  EXPECT_EQ(RedactConninfo("postgresql://shop:s3cr%40t@db.local:5432/shop?sslmode=disable"),
            "postgresql://shop:***@db.local:5432/shop?sslmode=disable");
  EXPECT_EQ(RedactConninfo("postgres://shop@db/shop?sslmode=disable&password=s3cret"),
            "postgres://shop@db/shop?sslmode=disable&password=***");
}

TEST(RedactConninfoTest, HidesThePasswordOfKeywordValueStrings) {
  EXPECT_EQ(RedactConninfo("host=db user=shop password=s3cret dbname=shop"),
            "host=db user=shop password=*** dbname=shop");
  EXPECT_EQ(RedactConninfo("host=db password = 'a b\\' c' dbname=shop"),
            "host=db password = *** dbname=shop");
}

TEST(RedactConninfoTest, LeavesConninfoWithoutPasswordAlone) {
  EXPECT_EQ(RedactConninfo("postgresql://postgres@127.0.0.1:5432/postgres"),
            "postgresql://postgres@127.0.0.1:5432/postgres");
}

TEST(ConnectionPoolTest, ConnectFailureIsDatabaseUnavailableWithoutThePassword) {
  // Port 1 on localhost refuses at once; no server needed.
  ConnectionPool pool(PoolOptions{.conninfo = "postgresql://shop:hunter2@127.0.0.1:1/shop",
                                  .size = 1,
                                  .acquire_timeout = std::chrono::milliseconds(100),
                                  .statements = {}});
  try {
    pool.Run([](pqxx::connection&) { return 0; });
    FAIL() << "expected DatabaseUnavailable";
  } catch (const DatabaseUnavailable& e) {
    EXPECT_EQ(std::string(e.what()).find("hunter2"), std::string::npos) << e.what();
  }
  EXPECT_EQ(pool.InUse(), 0U);  // the failed slot went back to the pool
  EXPECT_FALSE(pool.Ping());
}

TEST(ConnectionPoolTest, ZeroSizeIsRejected) {
  PoolOptions options;
  options.size = 0;
  EXPECT_THROW(ConnectionPool{options}, std::invalid_argument);
}

}  // namespace
}  // namespace shop::db
