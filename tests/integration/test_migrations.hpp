#pragma once
// The migrations the integration tests apply, shared by the tests and shop_migrate_probe. V2 is
// slow on purpose so that two processes applying them at once overlap; it also inserts a row, so
// applying it twice would fail on the primary key.

#include <vector>

#include "platform/db/migrations.hpp"

namespace shop::testing {

inline std::vector<db::MigrationSource> TestMigrationSources() {
  return {
      {"V1__create_widgets.sql",
       "CREATE TABLE widgets (id integer PRIMARY KEY, name text NOT NULL);"},
      {"V2__slow_seed_widgets.sql",
       "SELECT pg_sleep(0.5);\nINSERT INTO widgets (id, name) VALUES (1, 'first');"},
      {"V10__index_widget_names.sql", "CREATE INDEX widgets_name_idx ON widgets (name);"},
  };
}

}  // namespace shop::testing
