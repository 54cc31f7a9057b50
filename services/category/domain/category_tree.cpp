#include "category/domain/category_tree.hpp"

#include <algorithm>
#include <optional>
#include <stdexcept>
#include <unordered_map>

namespace shop::category {

bool WouldCreateCycle(std::string_view category_id, std::string_view new_parent_id,
                      const std::vector<std::string>& new_parent_ancestors) {
  if (new_parent_id == category_id) {
    return true;
  }
  return std::find(new_parent_ancestors.begin(), new_parent_ancestors.end(), category_id) !=
         new_parent_ancestors.end();
}

std::vector<CategoryTreeNode> BuildCategoryTree(std::vector<Category> flat) {
  const std::size_t n = flat.size();
  std::unordered_map<std::string_view, std::size_t> index_of;
  index_of.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    if (!index_of.emplace(flat[i].id, i).second) {
      throw std::invalid_argument("duplicate category id " + flat[i].id);
    }
  }

  // Children of each node and the roots, in input order.
  std::vector<std::vector<std::size_t>> children(n);
  std::vector<std::size_t> roots;
  for (std::size_t i = 0; i < n; ++i) {
    if (!flat[i].parent_id) {
      roots.push_back(i);
      continue;
    }
    const auto parent = index_of.find(*flat[i].parent_id);
    if (parent == index_of.end()) {
      throw std::invalid_argument("category " + flat[i].id + " has unknown parent " +
                                  *flat[i].parent_id);
    }
    children[parent->second].push_back(i);
  }

  // Breadth-first from the roots: a node not reached sits on a cycle (or below one).
  std::vector<std::size_t> order = roots;
  order.reserve(n);
  for (std::size_t next = 0; next < order.size(); ++next) {
    const auto& kids = children[order[next]];
    order.insert(order.end(), kids.begin(), kids.end());
  }
  if (order.size() != n) {
    throw std::invalid_argument("the categories' parent links form a cycle");
  }

  // Assemble bottom-up (reverse BFS order): every child is complete before its parent.
  std::vector<std::optional<CategoryTreeNode>> nodes(n);
  for (auto it = order.rbegin(); it != order.rend(); ++it) {
    CategoryTreeNode node{.category = std::move(flat[*it]), .children = {}};
    node.children.reserve(children[*it].size());
    for (const std::size_t child : children[*it]) {
      node.children.push_back(std::move(*nodes[child]));
      nodes[child].reset();
    }
    nodes[*it] = std::move(node);
  }
  std::vector<CategoryTreeNode> forest;
  forest.reserve(roots.size());
  for (const std::size_t root : roots) {
    forest.push_back(std::move(*nodes[root]));
  }
  return forest;
}

}  // namespace shop::category
