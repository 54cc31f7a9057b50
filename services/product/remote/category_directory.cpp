#include "product/remote/category_directory.hpp"

#include "product/domain/category_change.hpp"

namespace shop::product {
namespace {

CategoryRef ParseCategory(const std::string& body) {
  CategoryChange category = ParseCategoryChange(body);  // the same id, name and version fields
  return {
      .id = std::move(category.id), .name = std::move(category.name), .version = category.version};
}

}  // namespace

http::OwnerClientOptions LoadCategoryDirectoryOptions(const config::EnvConfig& env) {
  return http::LoadOwnerClientOptions(env, "SHOP_CATEGORY", "category", "http://127.0.0.1:8082");
}

CategoryServiceClient::CategoryServiceClient(http::OwnerClientOptions options,
                                             metrics::Registry& metrics)
    : owner_(std::move(options), metrics, ParseCategory) {}

std::optional<CategoryRef> CategoryServiceClient::Fetch(const std::string& id,
                                                        const http::Request& request) {
  // `id` was validated as a UUID by the caller, so it needs no escaping in the path.
  return owner_.Fetch("/api/categories/" + id, request);
}

}  // namespace shop::product
