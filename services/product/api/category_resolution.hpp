#pragma once
// Which category a product is filed under, when a product is created or moved: read from the
// local replica (RequireLiveCategory), with category-service as the fallback on a miss
// (platform/http/replica_fallback.hpp, remote/category_directory.hpp). Unknown or deleted -> 422;
// category-service unreachable -> 503 with Retry-After (never 500).

#include <pqxx/pqxx>
#include <string>

#include "platform/db/pool.hpp"
#include "platform/http/message.hpp"
#include "platform/http/replica_fallback.hpp"
#include "product/domain/product_edit.hpp"
#include "product/remote/category_directory.hpp"
#include "product/store/category_replica.hpp"

namespace shop::product {

// The live category `id` from the replica (row locked FOR SHARE). Throws 422 when it is deleted,
// http::NotInReplica when the replica has no row for it.
CategoryRef RequireLiveCategory(pqxx::work& txn, const std::string& id);
// The same check on a row already read (`row` as FindReplicaCategory returned it for `id`).
CategoryRef RequireLiveCategory(std::optional<ReplicaCategory> row, const std::string& id);

class CategoryResolution {
 public:
  // Both must outlive this object.
  CategoryResolution(db::ConnectionPool& pool, CategoryDirectory& directory)
      : pool_(pool), directory_(directory) {}

  // Runs `write` in a transaction, once more after learning a category the replica lacked.
  template <typename Write>
  auto WriteWithCategoryFallback(const http::Request& request, Write&& write) const {
    return http::WriteWithReplicaFallback(
        pool_, request, write, [&](const std::string& id) { return directory_.Fetch(id, request); },
        [](pqxx::work& txn, const CategoryRef& category) {
          UpsertReplicaCategory(txn, category, false);
        });
  }

 private:
  db::ConnectionPool& pool_;
  CategoryDirectory& directory_;
};

}  // namespace shop::product
