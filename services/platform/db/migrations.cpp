#include "platform/db/migrations.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <map>
#include <regex>
#include <utility>

namespace shop::db {
namespace {

constexpr const char* kLockSql = "SELECT pg_advisory_lock($1)";
constexpr const char* kUnlockSql = "SELECT pg_advisory_unlock($1)";
constexpr const char* kCreateTableSql =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version integer PRIMARY KEY,"
    " description text NOT NULL,"
    " file_name text NOT NULL,"
    " checksum text NOT NULL,"
    " applied_at timestamptz NOT NULL DEFAULT now())";
constexpr const char* kTableExistsSql = "SELECT to_regclass('schema_migrations') IS NOT NULL";
constexpr const char* kAppliedSql = "SELECT version, checksum FROM schema_migrations";
constexpr const char* kRecordSql =
    "INSERT INTO schema_migrations (version, description, file_name, checksum)"
    " VALUES ($1, $2, $3, $4)";

// Holds the migration advisory lock for the session; unlocks on scope exit, also on error. If the
// connection broke, the server already released the lock with the session.
class SessionLock {
 public:
  explicit SessionLock(pqxx::connection& connection) : connection_(connection) {
    pqxx::nontransaction txn(connection_);
    txn.exec_params(kLockSql, kMigrationLockKey);
  }
  SessionLock(const SessionLock&) = delete;
  SessionLock& operator=(const SessionLock&) = delete;
  ~SessionLock() {
    try {
      pqxx::nontransaction txn(connection_);
      txn.exec_params(kUnlockSql, kMigrationLockKey);
    } catch (const std::exception&) {
      // Nothing to do: a broken session has lost the lock anyway.
    }
  }

 private:
  pqxx::connection& connection_;
};

std::map<int, std::string> AppliedChecksums(pqxx::connection& connection) {
  pqxx::read_transaction txn(connection);
  std::map<int, std::string> applied;
  for (const auto& row : txn.exec(kAppliedSql)) {
    applied.emplace(row[0].as<int>(), row[1].as<std::string>());
  }
  return applied;
}

bool TableExists(pqxx::connection& connection) {
  pqxx::read_transaction txn(connection);
  return txn.exec(kTableExistsSql)[0][0].as<bool>();
}

void ApplyOne(pqxx::connection& connection, const Migration& migration) {
  try {
    pqxx::work txn(connection);
    txn.exec(migration.sql);
    txn.exec_params(kRecordSql, migration.version, migration.description, migration.file_name,
                    MigrationChecksum(migration.sql));
    txn.commit();
  } catch (const pqxx::broken_connection&) {
    throw;  // transient: the caller may retry once Postgres is back
  } catch (const pqxx::sql_error& e) {
    throw MigrationError("migration " + migration.file_name + " failed: " + e.what());
  }
}

}  // namespace

std::string MigrationChecksum(std::string_view sql) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (const char c : sql) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
  return hex;
}

std::vector<Migration> OrderMigrations(std::vector<MigrationSource> sources) {
  static const std::regex kName(R"(^V([0-9]+)__([A-Za-z0-9]+(?:_[A-Za-z0-9]+)*)\.sql$)");
  std::vector<Migration> migrations;
  migrations.reserve(sources.size());
  for (MigrationSource& source : sources) {
    std::smatch match;
    if (!std::regex_match(source.file_name, match, kName)) {
      throw std::invalid_argument("bad migration file name \"" + source.file_name +
                                  "\": expected V<version>__<words_with_underscores>.sql");
    }
    const std::string digits = match[1].str();
    int version = 0;
    const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), version);
    if (ec != std::errc{} || version <= 0) {
      throw std::invalid_argument("bad migration file name \"" + source.file_name +
                                  "\": the version must be between 1 and 2147483647");
    }
    std::string description = match[2].str();
    std::replace(description.begin(), description.end(), '_', ' ');
    migrations.push_back(Migration{version, std::move(description), std::move(source.file_name),
                                   std::move(source.sql)});
  }
  std::sort(migrations.begin(), migrations.end(),
            [](const Migration& a, const Migration& b) { return a.version < b.version; });
  for (std::size_t i = 1; i < migrations.size(); ++i) {
    if (migrations[i].version == migrations[i - 1].version) {
      throw std::invalid_argument(
          "duplicate migration version " + std::to_string(migrations[i].version) + ": \"" +
          migrations[i - 1].file_name + "\" and \"" + migrations[i].file_name + "\"");
    }
  }
  return migrations;
}

std::vector<int> ApplyMigrations(pqxx::connection& connection,
                                 const std::vector<Migration>& migrations) {
  SessionLock lock(connection);
  {
    pqxx::work txn(connection);
    txn.exec(kCreateTableSql);
    txn.commit();
  }
  // Read under the lock: another process may have applied versions while we waited for it.
  const std::map<int, std::string> applied = AppliedChecksums(connection);
  std::vector<const Migration*> ordered;
  for (const Migration& migration : migrations) {
    ordered.push_back(&migration);
  }
  std::stable_sort(ordered.begin(), ordered.end(),
                   [](const Migration* a, const Migration* b) { return a->version < b->version; });

  // Refuse edited migrations before changing anything.
  for (const Migration* migration : ordered) {
    const auto found = applied.find(migration->version);
    if (found != applied.end() && found->second != MigrationChecksum(migration->sql)) {
      throw MigrationError("migration " + migration->file_name + " was edited after it was " +
                           "applied (checksum " + MigrationChecksum(migration->sql) +
                           " differs from recorded " + found->second +
                           "); add a new migration instead of editing an applied one");
    }
  }
  std::vector<int> newly_applied;
  for (const Migration* migration : ordered) {
    if (applied.count(migration->version) == 0) {
      ApplyOne(connection, *migration);
      newly_applied.push_back(migration->version);
    }
  }
  return newly_applied;
}

bool MigrationsApplied(pqxx::connection& connection, const std::vector<Migration>& migrations) {
  if (!TableExists(connection)) {
    return false;
  }
  const std::map<int, std::string> applied = AppliedChecksums(connection);
  return std::all_of(migrations.begin(), migrations.end(), [&](const Migration& migration) {
    return applied.count(migration.version) != 0;
  });
}

}  // namespace shop::db
