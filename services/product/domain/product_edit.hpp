#pragma once
// A PATCH of a product, as validated fields, and how it applies to the stored product.

#include <optional>
#include <string>

#include "product/domain/product.hpp"

namespace shop::product {

// The category a product is filed under, as this service knows it (from its replica).
struct CategoryRef {
  std::string id;
  std::string name;
  long long version = 0;
};

// Each member: nullopt leaves the field as it is. `description` holds an empty inner optional
// to clear the description (JSON null).
struct ProductEdit {
  std::optional<std::string> name;
  std::optional<std::optional<std::string>> description;
  std::optional<std::string> price;  // canonical
  std::optional<long long> stock;
  std::optional<std::string> category_id;
};

// True when the edit moves the product to another category (which must then be looked up).
bool ChangesCategory(const Product& current, const ProductEdit& edit);

// The product after `edit`, with version + 1, or nullopt when the edit changes nothing (a no-op
// PATCH keeps the version and writes no event). `new_category` must be given when
// ChangesCategory() is true; its name becomes category_name.
std::optional<Product> ApplyEdit(const Product& current, const ProductEdit& edit,
                                 const std::optional<CategoryRef>& new_category);

}  // namespace shop::product
