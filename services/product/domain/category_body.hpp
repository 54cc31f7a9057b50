#pragma once
// The part of category-service's GET /api/categories/{id} body (schemas/openapi/category.yaml)
// that product-service keeps when its replica misses (remote/category_directory.hpp). Read member
// by member: its representation is the API's, not a category.* event's.

#include <string_view>

#include "product/domain/product_edit.hpp"

namespace shop::product {

// Throws std::invalid_argument naming the problem when `body` is not a JSON object, or lacks a
// UUID `id`, a non-empty string `name` or an integer `version` >= 1.
CategoryRef ParseCategoryBody(std::string_view body);

}  // namespace shop::product
