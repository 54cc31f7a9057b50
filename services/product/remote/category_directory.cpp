#include "product/remote/category_directory.hpp"

#include "platform/logging/log.hpp"
#include "product/domain/category_change.hpp"

namespace shop::product {

CategoryDirectoryOptions LoadCategoryDirectoryOptions(const config::EnvConfig& env) {
  CategoryDirectoryOptions options;
  const std::string url = env.String("SHOP_CATEGORY_URL", "http://127.0.0.1:8082");
  try {
    options.upstream.endpoint = http::ParseHttpUrl(url);
  } catch (const std::invalid_argument& error) {
    throw config::ConfigError("SHOP_CATEGORY_URL: " + std::string(error.what()));
  }
  options.upstream.name = "category";
  options.upstream.timeout = env.Duration("SHOP_CATEGORY_TIMEOUT", std::chrono::seconds(1));
  options.upstream.max_attempts = static_cast<int>(env.Int("SHOP_CATEGORY_ATTEMPTS", 3, 1, 10));
  options.upstream.breaker.failure_threshold =
      static_cast<int>(env.Int("SHOP_CATEGORY_BREAKER_FAILURES", 5, 1, 1000));
  options.upstream.breaker.open_for =
      env.Duration("SHOP_CATEGORY_BREAKER_OPEN", std::chrono::seconds(10));
  options.found_ttl = env.Duration("SHOP_CATEGORY_CACHE_TTL", std::chrono::seconds(30));
  return options;
}

CategoryServiceClient::CategoryServiceClient(CategoryDirectoryOptions options,
                                             metrics::Registry& metrics)
    : options_(std::move(options)),
      upstream_(options_.upstream, metrics),
      cache_(options_.cache_capacity) {}

std::optional<CategoryRef> CategoryServiceClient::Fetch(const std::string& id,
                                                        const http::Request& request) {
  if (auto cached = cache_.Get(id)) {
    return *cached;
  }
  http::Headers headers;
  headers.Set("Accept", "application/json");
  headers.Set("X-Request-ID", request.request_id);
  if (!request.traceparent.empty()) {
    headers.Set("traceparent", request.traceparent);
  }
  // `id` was validated as a UUID by the caller, so it needs no escaping in the path.
  const http::ClientResponse response = upstream_.Get("/api/categories/" + id, headers);
  if (response.status == 404) {
    cache_.Put(id, std::nullopt, options_.missing_ttl);
    return std::nullopt;
  }
  if (response.status != 200) {
    throw http::UpstreamUnavailable(
        "category-service answered " + std::to_string(response.status) + " for category " + id,
        std::chrono::seconds(1));
  }
  CategoryChange category;
  try {
    category = ParseCategoryChange(response.body);  // the same id, name and version fields
  } catch (const std::invalid_argument& error) {
    throw http::UpstreamUnavailable(
        "category-service sent an unreadable category " + id + ": " + error.what(),
        std::chrono::seconds(1));
  }
  CategoryRef ref{
      .id = std::move(category.id), .name = std::move(category.name), .version = category.version};
  cache_.Put(id, ref, options_.found_ttl);
  logging::Info(
      "category_learned_from_owner",
      {{"category_id", ref.id}, {"version", ref.version}, {"request_id", request.request_id}});
  return ref;
}

}  // namespace shop::product
