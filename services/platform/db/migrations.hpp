#pragma once
// Forward-only schema migrations: files named V<version>__<description>.sql, applied in version
// order, each once, in its own transaction, under a Postgres advisory lock (so two processes
// starting together apply each file exactly once), recorded in `schema_migrations`.

#include <cstdint>
#include <pqxx/pqxx>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace shop::db {

struct MigrationSource {
  std::string file_name;  // e.g. "V001__create_categories.sql"
  std::string sql;
};

struct Migration {
  int version = 0;
  std::string description;  // "create categories"
  std::string file_name;
  std::string sql;
};

// A migration could not be applied, or an applied migration's file was edited afterwards (its
// checksum no longer matches schema_migrations). A start-up error: fix the files, do not retry.
// pqxx::broken_connection is not wrapped, so callers can still retry when Postgres is down.
class MigrationError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Key of the session-level pg_advisory_lock taken by ApplyMigrations ("shopmigr" in ASCII).
inline constexpr std::int64_t kMigrationLockKey = 0x73686f706d696772;

// Hex FNV-1a 64 of the SQL text, stored in schema_migrations.checksum.
std::string MigrationChecksum(std::string_view sql);

// Pure: parses names, sorts by numeric version. Throws std::invalid_argument on a badly named
// file or on two files with the same version.
std::vector<Migration> OrderMigrations(std::vector<MigrationSource> sources);

// Each service's own files are compiled into it by shop_embed_migrations() (see
// services/platform/CMakeLists.txt) as `shop::<service>::Migrations()`, e.g. "cart/migrations.hpp".

// Applies what is missing; returns the versions it applied. Safe to call concurrently from
// several processes against one database: holds session advisory lock kMigrationLockKey for the
// duration (released on return and on error). Throws MigrationError when a migration fails
// (naming its file) or when an applied migration's checksum differs from its file.
std::vector<int> ApplyMigrations(pqxx::connection& connection,
                                 const std::vector<Migration>& migrations);

// True when every version in `migrations` is recorded in schema_migrations.
bool MigrationsApplied(pqxx::connection& connection, const std::vector<Migration>& migrations);

}  // namespace shop::db
