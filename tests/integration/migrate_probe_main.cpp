// shop_migrate_probe CONNINFO: applies the test migrations to CONNINFO and prints
// "applied: <versions separated by commas>". Started twice at once by the migration tests to get
// two real processes racing on one database.
#include <exception>
#include <iostream>

#include "platform/db/migrations.hpp"
#include "test_migrations.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: shop_migrate_probe CONNINFO\n";
    return 2;
  }
  try {
    pqxx::connection connection(argv[1]);
    const auto migrations = shop::db::OrderMigrations(shop::testing::TestMigrationSources());
    const std::vector<int> applied = shop::db::ApplyMigrations(connection, migrations);
    std::cout << "applied:";
    for (std::size_t i = 0; i < applied.size(); ++i) {
      std::cout << (i == 0 ? " " : ",") << applied[i];
    }
    std::cout << std::endl;
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "shop_migrate_probe: " << e.what() << std::endl;
    return 1;
  }
}
