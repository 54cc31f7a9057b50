#pragma once
// Asking product-service about a product the replica has never heard of (DESIGN.md section 1):
// the fallback of POST /cart/items and POST /cart/wishlist while the product's created event is
// still on its way. GET /api/products/{id} through an http::OwnerClient (timeout, retries within a
// budget, circuit breaker, TTL cache: found products for 30 s, "no such product" for 5 s).

#include <optional>
#include <string>

#include "cart/store/replicas.hpp"
#include "platform/config/env_config.hpp"
#include "platform/http/message.hpp"
#include "platform/http/owner_client.hpp"

namespace shop::cart {

class ProductDirectory {
 public:
  virtual ~ProductDirectory() = default;
  // The product `id` as its owner knows it, or nullopt when the owner has none (never existed, or
  // deleted). Throws http::UpstreamUnavailable when the owner cannot answer. `request` is the
  // request being served: its X-Request-ID and traceparent travel along.
  virtual std::optional<ReplicaProduct> Fetch(const std::string& id,
                                              const http::Request& request) = 0;
};

// Reads SHOP_PRODUCT_URL (default http://127.0.0.1:8083), SHOP_PRODUCT_TIMEOUT (1s),
// SHOP_PRODUCT_ATTEMPTS (3), SHOP_PRODUCT_BREAKER_FAILURES (5), SHOP_PRODUCT_BREAKER_OPEN (10s),
// SHOP_PRODUCT_CACHE_TTL (30s). Throws config::ConfigError naming a bad variable.
http::OwnerClientOptions LoadProductDirectoryOptions(const config::EnvConfig& env);

class ProductServiceClient final : public ProductDirectory {
 public:
  ProductServiceClient(http::OwnerClientOptions options, metrics::Registry& metrics);
  std::optional<ReplicaProduct> Fetch(const std::string& id, const http::Request& request) override;

 private:
  http::OwnerClient<ReplicaProduct> owner_;
};

}  // namespace shop::cart
