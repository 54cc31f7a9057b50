#pragma once
// SQL of the categories table. Every statement is prepared once per pooled connection
// (kStatements); functions take the request's transaction.

#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "platform/db/pool.hpp"

namespace shop::category {

struct CategoryRow {
  std::string id;
  std::string name;
  std::string slug;
  std::optional<std::string> parent_id;
  long long version = 0;
};

const std::vector<db::PreparedStatement>& CategoryStatements();

// Throws pqxx::unique_violation when a sibling has the name, pqxx::foreign_key_violation when
// the parent does not exist.
CategoryRow InsertCategory(pqxx::work& txn, const std::string& name, const std::string& slug,
                           const std::optional<std::string>& parent_id);
std::optional<CategoryRow> FindCategory(pqxx::work& txn, const std::string& id);
std::vector<CategoryRow> ListCategories(pqxx::work& txn);

}  // namespace shop::category
