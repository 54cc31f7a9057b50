#pragma once
// Which product a cart or wishlist write is about.
//
// The write transaction reads the product from the local replica (RequireProduct). When the
// replica has never heard of it, typically because its product.created event is still on its way,
// the transaction is abandoned, the product is asked of product-service
// (remote/product_directory.hpp), stored in the replica by the consumer's versioned upsert, and the
// write runs once more. Unknown or deleted -> 422; product-service unreachable -> 503 with
// Retry-After (never 500).

#include <pqxx/pqxx>
#include <stdexcept>
#include <string>

#include "cart/remote/product_directory.hpp"
#include "cart/store/replicas.hpp"
#include "platform/db/pool.hpp"
#include "platform/http/message.hpp"

namespace shop::cart {

// Thrown by RequireProduct inside a write transaction; caught by WriteWithProductFallback.
class ProductNotInReplica : public std::runtime_error {
 public:
  explicit ProductNotInReplica(std::string id)
      : std::runtime_error("product " + id + " is not in the replica"), id_(std::move(id)) {}
  const std::string& id() const { return id_; }

 private:
  std::string id_;
};

// The live product `id` from the replica. Throws 422 when it was deleted, ProductNotInReplica when
// the replica has no row for it.
ReplicaProduct RequireProduct(pqxx::work& txn, const std::string& id);

class ProductResolution {
 public:
  // Both must outlive this object.
  ProductResolution(db::ConnectionPool& pool, ProductDirectory& directory)
      : pool_(pool), directory_(directory) {}

  // Runs `write` in a transaction, once more after learning a product the replica lacked.
  template <typename Write>
  auto WriteWithProductFallback(const http::Request& request, Write&& write) const {
    try {
      return pool_.WithTransaction(write);
    } catch (const ProductNotInReplica& miss) {
      Learn(miss.id(), request);
    }
    try {
      return pool_.WithTransaction(write);
    } catch (const ProductNotInReplica& miss) {
      Unknown(miss.id());  // cannot happen after a successful Learn
    }
  }

 private:
  // Asks product-service and stores a found product in the replica. Throws 422 when it has none,
  // 503 when it cannot answer.
  void Learn(const std::string& id, const http::Request& request) const;
  [[noreturn]] static void Unknown(const std::string& id);

  db::ConnectionPool& pool_;
  ProductDirectory& directory_;
};

}  // namespace shop::cart
