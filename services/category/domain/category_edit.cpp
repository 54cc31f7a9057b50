#include "category/domain/category_edit.hpp"

#include "category/domain/category_rules.hpp"

namespace shop::category {

std::optional<Category> ApplyEdit(const Category& current, const CategoryEdit& edit) {
  const bool renames = edit.name && *edit.name != current.name;
  const bool moves = edit.parent_id && *edit.parent_id != current.parent_id;
  if (!renames && !moves) {
    return std::nullopt;
  }
  Category next = current;
  if (renames) {
    next.name = *edit.name;
    next.slug = Slugify(next.name);
  }
  if (moves) {
    next.parent_id = *edit.parent_id;
  }
  ++next.version;
  return next;
}

}  // namespace shop::category
