#include "product/store/category_lookup.hpp"

namespace shop::product {
namespace {

constexpr const char* kFindLive = "category_replica_find_live";

}  // namespace

const std::vector<db::PreparedStatement>& CategoryReplicaStatements() {
  // FOR SHARE: a concurrent tombstone of this category (by the consumer) waits until our product
  // change commits, so it is ordered after it and its effect is applied to our product too.
  static const std::vector<db::PreparedStatement> statements = {
      {kFindLive,
       "SELECT id::text, name, version FROM categories "
       "WHERE id = $1::uuid AND NOT deleted FOR SHARE"},
  };
  return statements;
}

std::optional<CategoryRef> ReplicaCategoryLookup::FindLive(pqxx::work& txn,
                                                           const std::string& id) const {
  const pqxx::result r = txn.exec_prepared(kFindLive, id);
  if (r.empty()) {
    return std::nullopt;
  }
  return CategoryRef{.id = r[0][0].as<std::string>(),
                     .name = r[0][1].as<std::string>(),
                     .version = r[0][2].as<long long>()};
}

}  // namespace shop::product
