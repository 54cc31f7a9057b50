#pragma once
// Which product a cart or wishlist write is about: read from the local replica (RequireProduct),
// with product-service as the fallback on a miss (platform/http/replica_fallback.hpp,
// remote/product_directory.hpp). Unknown or deleted -> 422; product-service unreachable -> 503 with
// Retry-After (never 500).

#include <pqxx/pqxx>
#include <string>

#include "cart/remote/product_directory.hpp"
#include "cart/store/replicas.hpp"
#include "platform/db/pool.hpp"
#include "platform/http/message.hpp"
#include "platform/http/replica_fallback.hpp"

namespace shop::cart {

// The live product `id` from the replica. Throws 422 when it was deleted, http::NotInReplica when
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
    return http::WriteWithReplicaFallback(
        pool_, request, write, [&](const std::string& id) { return directory_.Fetch(id, request); },
        UpsertProduct);
  }

 private:
  db::ConnectionPool& pool_;
  ProductDirectory& directory_;
};

}  // namespace shop::cart
