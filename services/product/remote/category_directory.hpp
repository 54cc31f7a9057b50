#pragma once
// Asking category-service about a category the replica has never heard of (DESIGN.md section 1):
// the fallback at product creation while the category's created event is still on its way.
//
// CategoryServiceClient calls GET /api/categories/{id} through an http::OwnerClient (timeout,
// retries within a budget, circuit breaker, TTL cache: found categories for 30 s, "no such
// category" for 5 s).

#include <optional>
#include <string>

#include "platform/config/env_config.hpp"
#include "platform/http/message.hpp"
#include "platform/http/owner_client.hpp"
#include "product/domain/product_edit.hpp"

namespace shop::product {

class CategoryDirectory {
 public:
  virtual ~CategoryDirectory() = default;
  // The live category `id` as its owner knows it, or nullopt when the owner has none (never
  // existed, or deleted). Throws http::UpstreamUnavailable when the owner cannot answer.
  // `request` is the request being served: its X-Request-ID and traceparent travel along.
  virtual std::optional<CategoryRef> Fetch(const std::string& id, const http::Request& request) = 0;
};

// Reads SHOP_CATEGORY_URL (default http://127.0.0.1:8082), SHOP_CATEGORY_TIMEOUT (1s),
// SHOP_CATEGORY_ATTEMPTS (3), SHOP_CATEGORY_BREAKER_FAILURES (5), SHOP_CATEGORY_BREAKER_OPEN
// (10s), SHOP_CATEGORY_CACHE_TTL (30s). Throws config::ConfigError naming a bad variable.
http::OwnerClientOptions LoadCategoryDirectoryOptions(const config::EnvConfig& env);

class CategoryServiceClient final : public CategoryDirectory {
 public:
  CategoryServiceClient(http::OwnerClientOptions options, metrics::Registry& metrics);
  std::optional<CategoryRef> Fetch(const std::string& id, const http::Request& request) override;

 private:
  http::OwnerClient<CategoryRef> owner_;
};

}  // namespace shop::product
