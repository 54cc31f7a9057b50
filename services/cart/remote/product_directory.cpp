#include "cart/remote/product_directory.hpp"

#include "platform/http/json_body.hpp"
#include "platform/http/problem.hpp"

namespace shop::cart {
namespace {

// The body of GET /api/products/{id} (schemas/openapi/product.yaml): the same fields as the data
// of product.* events.
ReplicaProduct ParseProduct(const std::string& body) {
  try {
    const http::JsonBody json(body);
    return {.id = json.RequiredString("id"),
            .name = json.RequiredString("name"),
            .price = json.RequiredString("price"),
            .stock = json.RequiredInt64("stock"),
            .category_id = json.RequiredString("category_id"),
            .category_name = json.RequiredString("category_name"),
            .version = json.RequiredInt64("version"),
            .deleted = false};
  } catch (const http::HttpError& error) {
    throw std::invalid_argument(error.what());
  }
}

}  // namespace

http::OwnerClientOptions LoadProductDirectoryOptions(const config::EnvConfig& env) {
  return http::LoadOwnerClientOptions(env, "SHOP_PRODUCT", "product", "http://127.0.0.1:8083");
}

ProductServiceClient::ProductServiceClient(http::OwnerClientOptions options,
                                           metrics::Registry& metrics)
    : owner_(std::move(options), metrics, ParseProduct) {}

std::optional<ReplicaProduct> ProductServiceClient::Fetch(const std::string& id,
                                                          const http::Request& request) {
  // `id` was validated as a UUID by the caller, so it needs no escaping in the path.
  return owner_.Fetch("/api/products/" + id, request);
}

}  // namespace shop::cart
