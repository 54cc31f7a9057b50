#include "cart/api/product_resolution.hpp"

#include "platform/http/problem.hpp"

namespace shop::cart {

ReplicaProduct RequireProduct(pqxx::work& txn, const std::string& id) {
  std::optional<ReplicaProduct> product = FindProduct(txn, id);
  if (!product) {
    throw http::NotInReplica("product", id);
  }
  if (product->deleted) {
    throw http::Unprocessable("product " + id + " is no longer sold",
                              {{{"field", "product_id"}, {"message", "product was deleted"}}});
  }
  return std::move(*product);
}

}  // namespace shop::cart
