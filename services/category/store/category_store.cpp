#include "category/store/category_store.hpp"

namespace shop::category {
namespace {

constexpr const char* kInsert = "category_insert";
constexpr const char* kFindById = "category_find_by_id";
constexpr const char* kList = "category_list";

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

}  // namespace shop::category
