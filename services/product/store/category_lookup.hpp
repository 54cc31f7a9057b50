#pragma once
// Where product-service learns about a category it does not own (DESIGN.md section 1).
//
// CategoryLookup is the seam for the planned fallback: today the only implementation reads the
// local replica (filled from category.* events). A later task adds an implementation that, on a
// replica miss, asks category-service over HTTP behind a timeout, retry budget, circuit breaker
// and TTL cache. No remote call exists yet.

#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "platform/db/pool.hpp"
#include "product/domain/product_edit.hpp"

namespace shop::product {

class CategoryLookup {
 public:
  virtual ~CategoryLookup() = default;
  // The live (not deleted) category `id`, or nullopt when it is unknown or deleted. Reads in
  // `txn` so the answer is consistent with the change being written. Thread-safe.
  virtual std::optional<CategoryRef> FindLive(pqxx::work& txn, const std::string& id) const = 0;
};

// Reads the `categories` replica table. Stateless.
class ReplicaCategoryLookup final : public CategoryLookup {
 public:
  std::optional<CategoryRef> FindLive(pqxx::work& txn, const std::string& id) const override;
};

const std::vector<db::PreparedStatement>& CategoryReplicaStatements();

}  // namespace shop::product
