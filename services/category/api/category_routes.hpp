#pragma once
// HTTP surface of category-service:
//   POST /api/categories        {name, parent_id?} -> 201 + Location
//   GET  /api/categories        -> 200 {items: [...]}
//   GET  /api/categories/{id}   -> 200 | 404

#include "platform/http/router.hpp"
#include "platform/service/service_main.hpp"

namespace shop::category {

void AddCategoryRoutes(http::Router& router, service::ServiceContext& context);

}  // namespace shop::category
