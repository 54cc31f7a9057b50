#include "api_calls.hpp"

#include <nlohmann/json.hpp>

namespace shop::testing {
namespace {

const std::map<std::string, std::string> kJson = {{"Content-Type", "application/json"}};

}  // namespace

HttpResult CreateCategory(const ServiceProcess& category_service, const std::string& name) {
  return category_service.Call("POST", "/api/categories", nlohmann::json{{"name", name}}.dump(),
                               kJson);
}

HttpResult RenameCategory(const ServiceProcess& category_service, const std::string& id,
                          const std::string& name) {
  return category_service.Call("PATCH", "/api/categories/" + id,
                               nlohmann::json{{"name", name}}.dump(), kJson);
}

HttpResult CreateProduct(const ServiceProcess& product_service, const std::string& category_id,
                         const std::string& name) {
  const auto body =
      nlohmann::json{{"name", name}, {"price", "9.90"}, {"stock", 3}, {"category_id", category_id}};
  return product_service.Call("POST", "/api/products", body.dump(), kJson);
}

std::string IdOf(const HttpResult& result) {
  const auto json = nlohmann::json::parse(result.body, nullptr, false);
  if (json.is_discarded() || !json.is_object() || !json.contains("id") ||
      !json.at("id").is_string()) {
    return {};
  }
  return json.at("id").get<std::string>();
}

}  // namespace shop::testing
