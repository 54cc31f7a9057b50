#pragma once
// Which category a product is filed under, when a product is created or moved.
//
// The write transaction reads the category from the local replica (RequireLiveCategory). When the
// replica has never heard of it, typically because its category.created event is still on its
// way, the transaction is abandoned, the category is asked of category-service
// (remote/category_directory.hpp), stored in the replica by the same versioned upsert the
// consumer uses, and the write runs once more. Unknown or deleted -> 422; category-service
// unreachable -> 503 with Retry-After (never 500).

#include <pqxx/pqxx>
#include <stdexcept>
#include <string>

#include "platform/db/pool.hpp"
#include "platform/http/message.hpp"
#include "product/domain/product_edit.hpp"
#include "product/remote/category_directory.hpp"
#include "product/store/category_replica.hpp"

namespace shop::product {

// Thrown by RequireLiveCategory inside a write transaction; caught by WriteWithCategoryFallback.
class CategoryNotInReplica : public std::runtime_error {
 public:
  explicit CategoryNotInReplica(std::string id)
      : std::runtime_error("category " + id + " is not in the replica"), id_(std::move(id)) {}
  const std::string& id() const { return id_; }

 private:
  std::string id_;
};

// The live category `id` from the replica (row locked FOR SHARE). Throws 422 when it is deleted,
// CategoryNotInReplica when the replica has no row for it.
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
    try {
      return pool_.WithTransaction(write);
    } catch (const CategoryNotInReplica& miss) {
      Learn(miss.id(), request);
    }
    try {
      return pool_.WithTransaction(write);
    } catch (const CategoryNotInReplica& miss) {
      Unknown(miss.id());  // cannot happen after a successful Learn, except by a race with cleanup
    }
  }

 private:
  // Asks category-service and stores a found category in the replica. Throws 422 when it has
  // none, 503 when it cannot answer.
  void Learn(const std::string& id, const http::Request& request) const;
  [[noreturn]] static void Unknown(const std::string& id);

  db::ConnectionPool& pool_;
  CategoryDirectory& directory_;
};

}  // namespace shop::product
