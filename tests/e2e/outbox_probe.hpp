#pragma once
// A service database's outbox (events/sql/outbox.sql) as the tests see it, read with SQL. Each call
// opens its own connection, so any thread may call.

#include <set>
#include <string>

namespace shop::testing {

std::set<std::string> OutboxEventIds(const std::string& database_uri);
long CountUnpublished(const std::string& database_uri);
long CountPublished(const std::string& database_uri);

}  // namespace shop::testing
