#include "product/api/category_resolution.hpp"

#include "platform/http/problem.hpp"
#include "product/store/category_replica.hpp"

namespace shop::product {

CategoryRef RequireLiveCategory(pqxx::work& txn, const std::string& id) {
  return RequireLiveCategory(FindReplicaCategory(txn, id), id);
}

CategoryRef RequireLiveCategory(std::optional<ReplicaCategory> category, const std::string& id) {
  if (!category) {
    throw http::NotInReplica("category", id);
  }
  if (category->deleted) {
    throw http::Unprocessable("category " + id + " was deleted",
                              {{{"field", "category_id"}, {"message", "category was deleted"}}});
  }
  return std::move(category->ref);
}

}  // namespace shop::product
