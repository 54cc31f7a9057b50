#pragma once
// Pure rules of the category tree: cycle detection for a move, and nesting a flat list.

#include <string>
#include <string_view>
#include <vector>

#include "category/domain/category.hpp"

namespace shop::category {

// True when making `new_parent_id` the parent of `category_id` would close a cycle, i.e. when
// the new parent is the category itself or one of its descendants. `new_parent_ancestors` are the
// ancestors of the new parent (its parent, grandparent, ... up to a root, in any order; the new
// parent itself may be included). The category is a descendant of the new parent's subtree
// exactly when it appears on that chain.
bool WouldCreateCycle(std::string_view category_id, std::string_view new_parent_id,
                      const std::vector<std::string>& new_parent_ancestors);

struct CategoryTreeNode {
  Category category;
  std::vector<CategoryTreeNode> children;
};

// Nests `flat` into trees: the result holds the roots, each node its children. Siblings (roots
// included) keep their relative order in `flat`, so the caller chooses the ordering. Every
// category appears exactly once. Runs in O(n) and without recursion, so deep trees are fine.
//
// Throws std::invalid_argument when `flat` is not a forest: a parent_id naming no category of
// `flat` (an orphan, impossible for a snapshot of the table given its foreign key), a duplicate
// id, or a cycle.
std::vector<CategoryTreeNode> BuildCategoryTree(std::vector<Category> flat);

}  // namespace shop::category
