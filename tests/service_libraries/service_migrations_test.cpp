// All four service libraries in one binary: each service's Migrations() is its own schema.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "auth/migrations.hpp"
#include "cart/migrations.hpp"
#include "category/migrations.hpp"
#include "product/migrations.hpp"

namespace shop {
namespace {

// The file names of `sources`, in order.
std::vector<std::string> Files(const std::vector<db::MigrationSource>& sources) {
  std::vector<std::string> names;
  for (const db::Migration& migration : db::OrderMigrations(sources)) {
    names.push_back(migration.file_name);
  }
  return names;
}

TEST(ServiceLibraries, EachServiceCarriesItsOwnMigrationsWhenAllAreLinkedTogether) {
  EXPECT_EQ(Files(auth_service::Migrations()),
            (std::vector<std::string>{"V001__create_users.sql", "V002__create_refresh_tokens.sql",
                                      "V003__create_outbox.sql"}));
  EXPECT_EQ(Files(category::Migrations()),
            (std::vector<std::string>{"V001__create_categories.sql", "V002__create_outbox.sql"}));
  EXPECT_EQ(Files(product::Migrations()).front(), "V001__create_products.sql");
  EXPECT_EQ(Files(cart::Migrations()).front(), "V001__create_replicas.sql");
}

}  // namespace
}  // namespace shop
