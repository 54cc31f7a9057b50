#include "product/domain/product_edit.hpp"

#include <stdexcept>

namespace shop::product {

bool ChangesCategory(const Product& current, const ProductEdit& edit) {
  return edit.category_id && *edit.category_id != current.category_id;
}

std::optional<Product> ApplyEdit(const Product& current, const ProductEdit& edit,
                                 const std::optional<CategoryRef>& new_category) {
  Product next = current;
  if (edit.name) {
    next.name = *edit.name;
  }
  if (edit.description) {
    next.description = *edit.description;
  }
  if (edit.price) {
    next.price = *edit.price;
  }
  if (edit.stock) {
    next.stock = *edit.stock;
  }
  if (ChangesCategory(current, edit)) {
    if (!new_category || new_category->id != *edit.category_id) {
      throw std::logic_error("ApplyEdit: the new category was not looked up");
    }
    next.category_id = new_category->id;
    next.category_name = new_category->name;
  }
  if (next == current) {
    return std::nullopt;
  }
  ++next.version;
  return next;
}

}  // namespace shop::product
