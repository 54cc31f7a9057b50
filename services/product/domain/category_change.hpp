#pragma once
// The part of a category.* event's data that product-service keeps (schemas/events/category.*).

#include <string>
#include <string_view>

namespace shop::product {

struct CategoryChange {
  std::string id;
  std::string name;
  long long version = 0;
};

// Throws std::invalid_argument naming the problem when `data` is not JSON, or lacks a string
// `id`, a string `name` or a positive integer `version`.
CategoryChange ParseCategoryChange(std::string_view data);

}  // namespace shop::product
