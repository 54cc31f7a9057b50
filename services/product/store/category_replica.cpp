#include "product/store/category_replica.hpp"

namespace shop::product {
namespace {

constexpr const char* kFind = "category_replica_find";
constexpr const char* kUpsert = "category_replica_upsert";

}  // namespace

const std::vector<db::PreparedStatement>& CategoryReplicaStatements() {
  static const std::vector<db::PreparedStatement> statements = {
      {kFind,
       "SELECT id::text, name, version, deleted FROM categories WHERE id = $1::uuid FOR SHARE"},
      {kUpsert,
       "INSERT INTO categories (id, name, version, deleted) VALUES ($1::uuid, $2, $3, $4) "
       "ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, version = EXCLUDED.version, "
       "deleted = EXCLUDED.deleted WHERE categories.version < EXCLUDED.version"},
  };
  return statements;
}

std::optional<ReplicaCategory> FindReplicaCategory(pqxx::work& txn, const std::string& id) {
  const pqxx::result r = txn.exec_prepared(kFind, id);
  if (r.empty()) {
    return std::nullopt;
  }
  return ReplicaCategory{.ref = {.id = r[0][0].as<std::string>(),
                                 .name = r[0][1].as<std::string>(),
                                 .version = r[0][2].as<long long>()},
                         .deleted = r[0][3].as<bool>()};
}

void UpsertReplicaCategory(pqxx::work& txn, const CategoryRef& category, bool deleted) {
  txn.exec_prepared(kUpsert, category.id, category.name, category.version, deleted);
}

}  // namespace shop::product
