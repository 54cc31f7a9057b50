#pragma once
// SQL of the categories table. Every statement is prepared once per pooled connection
// (CategoryStatements()); functions take the request's transaction.

#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "category/domain/category.hpp"
#include "platform/db/pool.hpp"

namespace shop::category {

using CategoryRow = Category;

const std::vector<db::PreparedStatement>& CategoryStatements();

// Throws pqxx::unique_violation when a sibling has the name, pqxx::foreign_key_violation when
// the parent does not exist.
CategoryRow InsertCategory(pqxx::work& txn, const std::string& name, const std::string& slug,
                           const std::optional<std::string>& parent_id);
std::optional<CategoryRow> FindCategory(pqxx::work& txn, const std::string& id);
// Ordered by lower(name), then id.
std::vector<CategoryRow> ListCategories(pqxx::work& txn);

// Serialises every change of the tree's shape (a move) until the transaction ends: concurrent
// moves of two different categories (a under b, b under a) could each pass the cycle check on
// their own snapshot. Take it before LockCategory: a move holding it may wait (foreign-key check)
// on a row another PATCH has locked, and that PATCH must not then wait for this lock. Renames do
// not need it.
void LockTreeShape(pqxx::work& txn);
// The row, locked FOR UPDATE until the transaction ends; nullopt when there is no such id.
std::optional<CategoryRow> LockCategory(pqxx::work& txn, const std::string& id);
// `id` itself, then its parent, grandparent, ... up to its root; empty when `id` does not exist.
std::vector<std::string> SelfAndAncestorIds(pqxx::work& txn, const std::string& id);
// Writes name, slug, parent_id and version of `next` and sets updated_at. Throws
// pqxx::unique_violation / pqxx::foreign_key_violation as InsertCategory does.
CategoryRow UpdateCategory(pqxx::work& txn, const CategoryRow& next);
// False when there is no such id. Throws pqxx::foreign_key_violation when it has children.
bool DeleteCategory(pqxx::work& txn, const std::string& id);

}  // namespace shop::category
