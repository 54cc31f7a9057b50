#include "outbox_probe.hpp"

#include <pqxx/pqxx>

namespace shop::testing {
namespace {

long CountWhere(const std::string& database_uri, const char* sql) {
  pqxx::connection connection(database_uri);
  pqxx::work txn(connection);
  return txn.exec1(sql)[0].as<long>();
}

}  // namespace

std::set<std::string> OutboxEventIds(const std::string& database_uri) {
  pqxx::connection connection(database_uri);
  pqxx::work txn(connection);
  std::set<std::string> ids;
  for (const pqxx::row& row : txn.exec("SELECT event_id::text FROM outbox")) {
    ids.insert(row[0].as<std::string>());
  }
  return ids;
}

long CountUnpublished(const std::string& database_uri) {
  return CountWhere(database_uri, "SELECT count(*) FROM outbox WHERE published_at IS NULL");
}

long CountPublished(const std::string& database_uri) {
  return CountWhere(database_uri, "SELECT count(*) FROM outbox WHERE published_at IS NOT NULL");
}

}  // namespace shop::testing
