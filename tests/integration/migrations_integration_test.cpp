// ApplyMigrations and MigrationsApplied against the real Postgres, each test in a fresh database.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "platform/db/migrations.hpp"
#include "test_migrations.hpp"
#include "test_support.hpp"

namespace shop::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

constexpr const char* kAppliedVersionsSql =
    "SELECT version, count(*) FROM schema_migrations GROUP BY version ORDER BY version";
constexpr const char* kWidgetCountSql = "SELECT count(*) FROM widgets";
constexpr const char* kIndexCountSql =
    "SELECT count(*) FROM pg_indexes WHERE indexname = 'widgets_name_idx'";

std::string ScratchDir() {
  const char* dir = std::getenv("SHOP_TEST_TMPDIR");
  return dir != nullptr && *dir != '\0' ? dir : "/tmp";
}

std::int64_t Count(pqxx::connection& connection, const char* sql) {
  pqxx::read_transaction txn(connection);
  return txn.exec(sql)[0][0].as<std::int64_t>();
}

class MigrationsTest : public ::testing::Test {
 protected:
  std::string uri_ = CreateDatabase("platform_migrations");
  pqxx::connection connection_{uri_};
  std::vector<db::Migration> migrations_ = db::OrderMigrations(TestMigrationSources());
};

TEST_F(MigrationsTest, MigrationsApplyOnceWhenTwoProcessesStartTogether) {
  const std::string log_base = ScratchDir() + "/migrate_probe_" + std::to_string(::getpid());
  const std::string log_a = log_base + "_a.log";
  const std::string log_b = log_base + "_b.log";
  std::remove(log_a.c_str());
  std::remove(log_b.c_str());
  ChildProcess a(SHOP_MIGRATE_PROBE_BIN, {uri_}, {}, log_a);
  ChildProcess b(SHOP_MIGRATE_PROBE_BIN, {uri_}, {}, log_b);
  EXPECT_EQ(a.Wait(std::chrono::seconds(30)), 0) << ReadTextFile(log_a);
  EXPECT_EQ(b.Wait(std::chrono::seconds(30)), 0) << ReadTextFile(log_b);

  // One process applied everything; the other waited on the lock and found nothing to do.
  EXPECT_THAT((std::vector<std::string>{ReadTextFile(log_a), ReadTextFile(log_b)}),
              UnorderedElementsAre("applied: 1,2,10\n", "applied:\n"));
  pqxx::read_transaction txn(connection_);
  const pqxx::result versions = txn.exec(kAppliedVersionsSql);
  ASSERT_EQ(versions.size(), 3U);
  for (const auto& row : versions) {
    EXPECT_EQ(row[1].as<int>(), 1) << "version " << row[0].as<int>();
  }
  EXPECT_EQ(txn.exec(kWidgetCountSql)[0][0].as<int>(), 1);
  EXPECT_EQ(txn.exec(kIndexCountSql)[0][0].as<int>(), 1);
}

TEST_F(MigrationsTest, ApplyingAgainIsANoOp) {
  EXPECT_EQ(db::ApplyMigrations(connection_, migrations_), (std::vector<int>{1, 2, 10}));
  EXPECT_EQ(db::ApplyMigrations(connection_, migrations_), std::vector<int>{});
  EXPECT_EQ(Count(connection_, kWidgetCountSql), 1);
  EXPECT_EQ(Count(connection_, "SELECT count(*) FROM schema_migrations"), 3);
}

TEST_F(MigrationsTest, EditedMigrationIsRefused) {
  db::ApplyMigrations(connection_, migrations_);
  std::vector<db::Migration> edited = migrations_;
  edited[1].sql += "\nINSERT INTO widgets (id, name) VALUES (2, 'second');";
  try {
    db::ApplyMigrations(connection_, edited);
    FAIL() << "expected MigrationError";
  } catch (const db::MigrationError& e) {
    EXPECT_THAT(e.what(), HasSubstr("V2__slow_seed_widgets.sql was edited"));
  }
  EXPECT_EQ(Count(connection_, kWidgetCountSql), 1);
  // The advisory lock was released on the error: applying the originals still works.
  pqxx::connection other(uri_);
  EXPECT_EQ(db::ApplyMigrations(other, migrations_), std::vector<int>{});
}

TEST_F(MigrationsTest, FailingMigrationNamesItsFileAndRecordsNothing) {
  std::vector<db::Migration> broken = migrations_;
  broken.push_back({11, "broken", "V11__broken.sql", "CREATE TABLE widgets (id int);"});
  try {
    db::ApplyMigrations(connection_, broken);
    FAIL() << "expected MigrationError";
  } catch (const db::MigrationError& e) {
    EXPECT_THAT(e.what(), HasSubstr("V11__broken.sql"));
  }
  EXPECT_TRUE(db::MigrationsApplied(connection_, migrations_));
  EXPECT_FALSE(db::MigrationsApplied(connection_, broken));
}

TEST_F(MigrationsTest, MigrationsAppliedReportsMissingVersion) {
  EXPECT_FALSE(db::MigrationsApplied(connection_, migrations_));  // no schema_migrations yet
  const std::vector<db::Migration> first_two(migrations_.begin(), migrations_.begin() + 2);
  EXPECT_EQ(db::ApplyMigrations(connection_, first_two), (std::vector<int>{1, 2}));
  EXPECT_TRUE(db::MigrationsApplied(connection_, first_two));
  EXPECT_FALSE(db::MigrationsApplied(connection_, migrations_));
  EXPECT_EQ(db::ApplyMigrations(connection_, migrations_), std::vector<int>{10});
  EXPECT_TRUE(db::MigrationsApplied(connection_, migrations_));
}

}  // namespace
}  // namespace shop::testing
