#include "product/remote/category_directory.hpp"

#include "product/domain/category_body.hpp"

namespace shop::product {

http::OwnerClientOptions LoadCategoryDirectoryOptions(const config::EnvConfig& env) {
  return http::LoadOwnerClientOptions(env, "SHOP_CATEGORY", "category", "http://127.0.0.1:8082");
}

CategoryServiceClient::CategoryServiceClient(http::OwnerClientOptions options,
                                             metrics::Registry& metrics)
    : owner_(std::move(options), metrics,
             [](const std::string& body) { return ParseCategoryBody(body); }) {}

std::optional<CategoryRef> CategoryServiceClient::Fetch(const std::string& id,
                                                        const http::Request& request) {
  // `id` was validated as a UUID by the caller, so it needs no escaping in the path.
  return owner_.Fetch("/api/categories/" + id, request);
}

}  // namespace shop::product
