#include "cart/api/product_resolution.hpp"

#include <algorithm>

#include "platform/http/problem.hpp"
#include "platform/logging/log.hpp"

namespace shop::cart {

ReplicaProduct RequireProduct(pqxx::work& txn, const std::string& id) {
  std::optional<ReplicaProduct> product = FindProduct(txn, id);
  if (!product) {
    throw ProductNotInReplica(id);
  }
  if (product->deleted) {
    throw http::Unprocessable("product " + id + " is no longer sold",
                              {{{"field", "product_id"}, {"message", "product was deleted"}}});
  }
  return std::move(*product);
}

void ProductResolution::Unknown(const std::string& id) {
  throw http::Unprocessable("unknown product " + id,
                            {{{"field", "product_id"}, {"message", "unknown product"}}});
}

void ProductResolution::Learn(const std::string& id, const http::Request& request) const {
  std::optional<ReplicaProduct> product;
  try {
    product = directory_.Fetch(id, request);
  } catch (const http::UpstreamUnavailable& error) {
    logging::Warn(
        "product_owner_unavailable",
        {{"product_id", id}, {"request_id", request.request_id}, {"error", error.what()}});
    const auto seconds = std::chrono::ceil<std::chrono::seconds>(error.retry_after()).count();
    throw http::ServiceUnavailable(
        "product " + id + " is not known here yet and product-service cannot be reached; " +
            "try again later",
        static_cast<unsigned>(std::max<long long>(1, seconds)));
  }
  if (!product) {
    Unknown(id);
  }
  pool_.WithTransaction([&](pqxx::work& txn) { UpsertProduct(txn, *product); });
}

}  // namespace shop::cart
