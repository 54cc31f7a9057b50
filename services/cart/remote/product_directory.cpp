#include "cart/remote/product_directory.hpp"

#include "cart/domain/replica_rows.hpp"

namespace shop::cart {

http::OwnerClientOptions LoadProductDirectoryOptions(const config::EnvConfig& env) {
  return http::LoadOwnerClientOptions(env, "SHOP_PRODUCT", "product", "http://127.0.0.1:8083");
}

ProductServiceClient::ProductServiceClient(http::OwnerClientOptions options,
                                           metrics::Registry& metrics)
    : owner_(std::move(options), metrics,
             [](const std::string& body) { return ParseProductBody(body); }) {}

std::optional<ReplicaProduct> ProductServiceClient::Fetch(const std::string& id,
                                                          const http::Request& request) {
  // `id` was validated as a UUID by the caller, so it needs no escaping in the path.
  return owner_.Fetch("/api/products/" + id, request);
}

}  // namespace shop::cart
