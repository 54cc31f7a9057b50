#include "platform/db/migrations.hpp"

#include <gtest/gtest.h>

namespace shop::db {
namespace {

std::string InvalidArgumentOf(std::vector<MigrationSource> sources) {
  try {
    OrderMigrations(std::move(sources));
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected std::invalid_argument";
  return {};
}

TEST(OrderMigrationsTest, SortsByNumericVersionSoV2ComesBeforeV10) {
  const std::vector<Migration> ordered = OrderMigrations({{"V10__add_index.sql", "sql10"},
                                                          {"V2__add_column.sql", "sql2"},
                                                          {"V001__create_categories.sql", "sql1"}});
  ASSERT_EQ(ordered.size(), 3U);
  EXPECT_EQ(ordered[0].version, 1);
  EXPECT_EQ(ordered[1].version, 2);
  EXPECT_EQ(ordered[2].version, 10);
  EXPECT_EQ(ordered[2].file_name, "V10__add_index.sql");
  EXPECT_EQ(ordered[2].sql, "sql10");
}

TEST(OrderMigrationsTest, DescriptionIsTheWordsWithSpaces) {
  const std::vector<Migration> ordered =
      OrderMigrations({{"V001__create_categories_table.sql", ""}, {"V2__outbox.sql", ""}});
  EXPECT_EQ(ordered[0].description, "create categories table");
  EXPECT_EQ(ordered[1].description, "outbox");
}

TEST(OrderMigrationsTest, EmptyListIsFine) { EXPECT_TRUE(OrderMigrations({}).empty()); }

TEST(OrderMigrationsTest, DuplicateVersionIsRejectedNamingBothFiles) {
  const std::string message =
      InvalidArgumentOf({{"V1__create_a.sql", ""}, {"V001__create_b.sql", ""}});
  EXPECT_NE(message.find("duplicate migration version 1"), std::string::npos) << message;
  EXPECT_NE(message.find("V1__create_a.sql"), std::string::npos) << message;
  EXPECT_NE(message.find("V001__create_b.sql"), std::string::npos) << message;
}

TEST(OrderMigrationsTest, BadNamesAreRejectedNamingTheFile) {
  for (const std::string name :
       {"create_a.sql", "V1_create_a.sql", "V1__create_a.txt", "v1__create_a.sql", "V__a.sql",
        "V1__.sql", "V1__create-a.sql", "V1__create a.sql", "V0__zero.sql",
        "V99999999999__too_big.sql", "V1__trailing_.sql"}) {
    const std::string message = InvalidArgumentOf({{"V2__fine.sql", ""}, {name, ""}});
    EXPECT_NE(message.find("\"" + name + "\""), std::string::npos) << name << ": " << message;
  }
}

TEST(MigrationChecksumTest, IsStableHexAndChangesWithTheSql) {
  EXPECT_EQ(MigrationChecksum(""), "cbf29ce484222325");  // FNV-1a 64 offset basis
  EXPECT_EQ(MigrationChecksum("CREATE TABLE a()"), MigrationChecksum("CREATE TABLE a()"));
  EXPECT_NE(MigrationChecksum("CREATE TABLE a()"), MigrationChecksum("CREATE TABLE b()"));
  EXPECT_EQ(MigrationChecksum("x").size(), 16U);
}

}  // namespace
}  // namespace shop::db
