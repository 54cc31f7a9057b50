#include "category/store/category_store.hpp"

namespace shop::category {
namespace {

constexpr const char* kInsert = "category_insert";
constexpr const char* kFindById = "category_find_by_id";
constexpr const char* kList = "category_list";
constexpr const char* kLockTreeShape = "category_lock_tree_shape";
constexpr const char* kLockById = "category_lock_by_id";
constexpr const char* kSelfAndAncestors = "category_self_and_ancestors";
constexpr const char* kUpdate = "category_update";
constexpr const char* kDelete = "category_delete";

// Key of the transaction-scoped advisory lock taken by LockTreeShape (arbitrary, fixed).
constexpr const char* kTreeShapeLockKey = "7305462381";

constexpr const char* kColumns = "id::text, name, slug, parent_id::text, version";

CategoryRow ToRow(const pqxx::row& r) {
  CategoryRow row;
  row.id = r[0].as<std::string>();
  row.name = r[1].as<std::string>();
  row.slug = r[2].as<std::string>();
  if (!r[3].is_null()) {
    row.parent_id = r[3].as<std::string>();
  }
  row.version = r[4].as<long long>();
  return row;
}

}  // namespace

const std::vector<db::PreparedStatement>& CategoryStatements() {
  static const std::vector<db::PreparedStatement> statements = {
      {kInsert,
       std::string("INSERT INTO categories (name, slug, parent_id) VALUES ($1, $2, $3::uuid) "
                   "RETURNING ") +
           kColumns},
      {kFindById, std::string("SELECT ") + kColumns + " FROM categories WHERE id = $1::uuid"},
      {kList, std::string("SELECT ") + kColumns + " FROM categories ORDER BY lower(name), id"},
      {kLockTreeShape, std::string("SELECT pg_advisory_xact_lock(") + kTreeShapeLockKey + ")"},
      {kLockById,
       std::string("SELECT ") + kColumns + " FROM categories WHERE id = $1::uuid FOR UPDATE"},
      // The depth bound only guards against a cycle already in the table, which the move
      // rules make impossible; it is far beyond any real category depth.
      {kSelfAndAncestors,
       "WITH RECURSIVE chain(id, parent_id, depth) AS ("
       "  SELECT id, parent_id, 0 FROM categories WHERE id = $1::uuid"
       "  UNION ALL"
       "  SELECT c.id, c.parent_id, chain.depth + 1 FROM categories c"
       "  JOIN chain ON c.id = chain.parent_id WHERE chain.depth < 10000"
       ") SELECT id::text FROM chain ORDER BY depth"},
      {kUpdate, std::string("UPDATE categories SET name = $2, slug = $3, parent_id = $4::uuid, "
                            "version = $5, updated_at = now() WHERE id = $1::uuid RETURNING ") +
                    kColumns},
      {kDelete, "DELETE FROM categories WHERE id = $1::uuid"},
  };
  return statements;
}

CategoryRow InsertCategory(pqxx::work& txn, const std::string& name, const std::string& slug,
                           const std::optional<std::string>& parent_id) {
  const pqxx::result r = parent_id ? txn.exec_prepared(kInsert, name, slug, *parent_id)
                                   : txn.exec_prepared(kInsert, name, slug, nullptr);
  return ToRow(r.at(0));
}

std::optional<CategoryRow> FindCategory(pqxx::work& txn, const std::string& id) {
  const pqxx::result r = txn.exec_prepared(kFindById, id);
  if (r.empty()) {
    return std::nullopt;
  }
  return ToRow(r[0]);
}

std::vector<CategoryRow> ListCategories(pqxx::work& txn) {
  std::vector<CategoryRow> rows;
  for (const pqxx::row& r : txn.exec_prepared(kList)) {
    rows.push_back(ToRow(r));
  }
  return rows;
}

void LockTreeShape(pqxx::work& txn) { txn.exec_prepared(kLockTreeShape); }

std::optional<CategoryRow> LockCategory(pqxx::work& txn, const std::string& id) {
  const pqxx::result r = txn.exec_prepared(kLockById, id);
  if (r.empty()) {
    return std::nullopt;
  }
  return ToRow(r[0]);
}

std::vector<std::string> SelfAndAncestorIds(pqxx::work& txn, const std::string& id) {
  std::vector<std::string> ids;
  for (const pqxx::row& r : txn.exec_prepared(kSelfAndAncestors, id)) {
    ids.push_back(r[0].as<std::string>());
  }
  return ids;
}

CategoryRow UpdateCategory(pqxx::work& txn, const CategoryRow& next) {
  const pqxx::result r =
      next.parent_id
          ? txn.exec_prepared(kUpdate, next.id, next.name, next.slug, *next.parent_id, next.version)
          : txn.exec_prepared(kUpdate, next.id, next.name, next.slug, nullptr, next.version);
  return ToRow(r.at(0));
}

bool DeleteCategory(pqxx::work& txn, const std::string& id) {
  return txn.exec_prepared(kDelete, id).affected_rows() > 0;
}

}  // namespace shop::category
