#pragma once
// The rule of PATCH /api/categories/{id}: what an edit does to a category and its version.

#include <optional>
#include <string>

#include "category/domain/category.hpp"

namespace shop::category {

// A validated partial update: a field left nullopt is not touched.
struct CategoryEdit {
  std::optional<std::string> name;                      // already normalised and valid
  std::optional<std::optional<std::string>> parent_id;  // inner nullopt: move to the root
};

// The category after `edit`: new name and the slug derived from it, new parent, version + 1.
// nullopt when the edit changes nothing (same name byte for byte, same parent), in which case
// the caller answers with the category as it is and the version does not move. A change of case
// only ("books" -> "Books") is a change.
std::optional<Category> ApplyEdit(const Category& current, const CategoryEdit& edit);

}  // namespace shop::category
