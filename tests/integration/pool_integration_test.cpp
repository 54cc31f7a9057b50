// ConnectionPool against real Postgres servers: the shared one, and a private one that the
// restart test stops and starts.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

#include "platform/db/pool.hpp"
#include "test_support.hpp"

namespace shop::testing {
namespace {

using ::testing::HasSubstr;

constexpr const char* kSelectOneSql = "SELECT 1";
constexpr const char* kBackendPidSql = "SELECT pg_backend_pid()";

int SelectOne(db::ConnectionPool& pool) {
  return pool.WithTransaction(
      [](pqxx::work& txn) { return txn.exec(kSelectOneSql)[0][0].as<int>(); });
}

db::PoolOptions Options(std::string conninfo, std::size_t size,
                        std::chrono::milliseconds acquire_timeout = std::chrono::seconds(2)) {
  return db::PoolOptions{.conninfo = std::move(conninfo),
                         .size = size,
                         .acquire_timeout = acquire_timeout,
                         .statements = {}};
}

TEST(PoolIntegrationTest, PoolRecoversAfterPostgresRestart) {
  PrivatePostgres postgres;
  db::ConnectionPool pool(Options(postgres.Uri(), 2));
  ASSERT_EQ(SelectOne(pool), 1);

  postgres.Stop();
  EXPECT_THROW(SelectOne(pool), db::DatabaseUnavailable);  // the idle connection is dead
  EXPECT_THROW(SelectOne(pool), db::DatabaseUnavailable);  // and no new one can be opened
  EXPECT_FALSE(pool.Ping());
  EXPECT_EQ(pool.InUse(), 0U);

  postgres.Start();
  EXPECT_TRUE(WaitFor(
      [&] {
        try {
          return SelectOne(pool) == 1;
        } catch (const db::DatabaseUnavailable&) {
          return false;
        }
      },
      std::chrono::seconds(30)));
  EXPECT_TRUE(pool.Ping());
}

TEST(PoolIntegrationTest, PoolAcquireTimesOutWhenExhausted) {
  db::ConnectionPool pool(
      Options(CreateDatabase("platform_pool"), 1, std::chrono::milliseconds(100)));
  {
    db::Lease held = pool.Acquire();
    EXPECT_EQ(pool.InUse(), 1U);
    const auto started = std::chrono::steady_clock::now();
    try {
      pool.Acquire();
      FAIL() << "expected DatabaseUnavailable";
    } catch (const db::DatabaseUnavailable& e) {
      EXPECT_THAT(e.what(), HasSubstr("no free database connection within 100ms"));
    }
    EXPECT_GE(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(100));
  }
  EXPECT_EQ(pool.InUse(), 0U);
  EXPECT_EQ(SelectOne(pool), 1);  // the returned connection is usable again
}

TEST(PoolIntegrationTest, PreparedStatementsWorkOnEveryConnection) {
  db::PoolOptions options = Options(CreateDatabase("platform_pool"), 3);
  options.statements = {{"add_numbers", "SELECT $1::int + $2::int"},
                        {"backend_pid", kBackendPidSql}};
  db::ConnectionPool pool(std::move(options));

  std::vector<db::Lease> leases;
  for (int i = 0; i < 3; ++i) {
    leases.push_back(pool.Acquire());
  }
  std::set<int> backends;
  for (db::Lease& lease : leases) {
    pqxx::work txn(*lease);
    EXPECT_EQ(txn.exec_prepared("add_numbers", 2, 3)[0][0].as<int>(), 5);
    backends.insert(txn.exec_prepared("backend_pid")[0][0].as<int>());
    txn.commit();
  }
  EXPECT_EQ(backends.size(), 3U);  // three distinct connections, each with the statements
}

TEST(PoolIntegrationTest, BadPreparedStatementFailsAtConnect) {
  db::PoolOptions options = Options(CreateDatabase("platform_pool"), 1);
  options.statements = {{"broken", "SELECT * FROM no_such_table"}};
  db::ConnectionPool pool(std::move(options));
  EXPECT_THROW(pool.Acquire(), pqxx::sql_error);
  EXPECT_EQ(pool.InUse(), 0U);
}

}  // namespace
}  // namespace shop::testing
