#pragma once
// The HTTP calls the pipeline tests make to category-service and product-service. Each returns
// the answer as is; like HttpCall they throw std::runtime_error when no answer arrives.

#include <string>

#include "service_process.hpp"

namespace shop::testing {

HttpResult CreateCategory(const ServiceProcess& category_service, const std::string& name);
HttpResult RenameCategory(const ServiceProcess& category_service, const std::string& id,
                          const std::string& name);
HttpResult CreateProduct(const ServiceProcess& product_service, const std::string& category_id,
                         const std::string& name);

// The "id" of a JSON answer body; "" when the body is not JSON or has none.
std::string IdOf(const HttpResult& result);

}  // namespace shop::testing
