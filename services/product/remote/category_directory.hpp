#pragma once
// Asking category-service about a category the replica has never heard of (DESIGN.md section 1):
// the fallback at product creation while the category's created event is still on its way.
//
// CategoryServiceClient calls GET /api/categories/{id} through an UpstreamClient (per-attempt
// timeout, bounded retries with jittered backoff, circuit breaker) and keeps answers in a TTL
// cache: found categories for `found_ttl`, "no such category" for the shorter `missing_ttl`.

#include <chrono>
#include <optional>
#include <string>

#include "platform/config/env_config.hpp"
#include "platform/http/message.hpp"
#include "platform/http/upstream_client.hpp"
#include "platform/resilience/ttl_cache.hpp"
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

struct CategoryDirectoryOptions {
  http::UpstreamOptions upstream;
  std::chrono::milliseconds found_ttl{30000};
  std::chrono::milliseconds missing_ttl{5000};
  std::size_t cache_capacity = 10000;
};

// Reads SHOP_CATEGORY_URL (default http://127.0.0.1:8082), SHOP_CATEGORY_TIMEOUT (1s),
// SHOP_CATEGORY_ATTEMPTS (3), SHOP_CATEGORY_BREAKER_FAILURES (5), SHOP_CATEGORY_BREAKER_OPEN
// (10s), SHOP_CATEGORY_CACHE_TTL (30s). Throws config::ConfigError naming a bad variable.
CategoryDirectoryOptions LoadCategoryDirectoryOptions(const config::EnvConfig& env);

class CategoryServiceClient final : public CategoryDirectory {
 public:
  CategoryServiceClient(CategoryDirectoryOptions options, metrics::Registry& metrics);
  std::optional<CategoryRef> Fetch(const std::string& id, const http::Request& request) override;

 private:
  const CategoryDirectoryOptions options_;
  http::UpstreamClient upstream_;
  resilience::TtlCache<std::string, std::optional<CategoryRef>> cache_;
};

}  // namespace shop::product
