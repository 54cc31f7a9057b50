// All the service libraries in one binary: each service's Migrations() is its own schema.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "auth/migrations.hpp"
#include "cart/migrations.hpp"
#include "category/migrations.hpp"
#include "delivery/migrations.hpp"
#include "notification/migrations.hpp"
#include "order/migrations.hpp"
#include "payment/migrations.hpp"
#include "payment_sim/migrations.hpp"
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
  // Each service's own first migrations (later ones are added over time).
  const std::vector<std::string> auth = Files(auth_service::Migrations());
  ASSERT_GE(auth.size(), 2u);
  EXPECT_EQ(auth[0], "V001__create_users.sql");
  EXPECT_EQ(auth[1], "V002__create_refresh_tokens.sql");
  EXPECT_EQ(Files(category::Migrations()).front(), "V001__create_categories.sql");
  EXPECT_EQ(Files(product::Migrations()).front(), "V001__create_products.sql");
  EXPECT_EQ(Files(cart::Migrations()).front(), "V001__create_replicas.sql");
  EXPECT_EQ(Files(order::Migrations()).front(), "V001__create_orders.sql");
  EXPECT_EQ(Files(payment::Migrations()).front(), "V001__create_payments.sql");
  EXPECT_EQ(Files(payment_sim::Migrations()).front(), "V001__create_ledger.sql");
  EXPECT_EQ(Files(notification::Migrations()).front(), "V001__create_users.sql");
  EXPECT_EQ(Files(delivery::Migrations()).front(), "V001__create_shipments.sql");
}

}  // namespace
}  // namespace shop
