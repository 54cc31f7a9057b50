#pragma once
// product-service's replica of the categories category-service owns (DESIGN.md section 1): filled
// by the product.category-sync consumer from category.* events and, on a miss at product
// creation, from category-service over HTTP (remote/category_directory.hpp).
//
// Every write is a versioned upsert: an older version never overwrites a newer one, and a deleted
// category stays as a tombstone (decision 0006), so a late created/updated cannot resurrect it.

#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "platform/db/pool.hpp"
#include "product/domain/product_edit.hpp"

namespace shop::product {

struct ReplicaCategory {
  CategoryRef ref;
  bool deleted = false;
};

// The replica's row for `id`, tombstones included, or nullopt when the replica never heard of it.
// Locks the row FOR SHARE: a concurrent tombstone of this category (by the consumer) waits until
// the caller's product change commits, so it is applied to that product too.
std::optional<ReplicaCategory> FindReplicaCategory(pqxx::work& txn, const std::string& id);

// Inserts the category, or overwrites the stored row when `category.version` is newer.
void UpsertReplicaCategory(pqxx::work& txn, const CategoryRef& category, bool deleted);

const std::vector<db::PreparedStatement>& CategoryReplicaStatements();

}  // namespace shop::product
