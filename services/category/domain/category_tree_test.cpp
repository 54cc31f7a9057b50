#include "category/domain/category_tree.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace shop::category {
namespace {

Category Make(std::string id, std::optional<std::string> parent = std::nullopt) {
  return Category{.id = id, .name = id, .slug = id, .parent_id = std::move(parent), .version = 1};
}

// --- WouldCreateCycle: ancestors are those of the new parent, nearest first.

TEST(CategoryCycleTest, MovingUnderItselfIsACycle) { EXPECT_TRUE(WouldCreateCycle("a", "a", {})); }

TEST(CategoryCycleTest, MovingUnderOwnChildIsACycle) {
  // Tree: a > b. Moving a under b; b's ancestors: [a].
  EXPECT_TRUE(WouldCreateCycle("a", "b", {"a"}));
}

TEST(CategoryCycleTest, MovingUnderADeepDescendantIsACycle) {
  // Tree: r > a > b > c > d. Moving a under d; d's ancestors: [c, b, a, r].
  EXPECT_TRUE(WouldCreateCycle("a", "d", {"c", "b", "a", "r"}));
}

TEST(CategoryCycleTest, AncestorChainMayIncludeTheNewParentItself) {
  EXPECT_TRUE(WouldCreateCycle("a", "b", {"b", "a"}));
  EXPECT_FALSE(WouldCreateCycle("a", "b", {"b", "r"}));
}

TEST(CategoryCycleTest, MovingUnderASiblingOrCousinIsFine) {
  // Tree: r > {a, s > t}. Moving a under s, then under t.
  EXPECT_FALSE(WouldCreateCycle("a", "s", {"r"}));
  EXPECT_FALSE(WouldCreateCycle("a", "t", {"s", "r"}));
}

TEST(CategoryCycleTest, MovingUnderARootOrOwnAncestorIsFine) {
  EXPECT_FALSE(WouldCreateCycle("a", "r", {}));
  // Tree: r > p > q > a. Moving a up under p (its grandparent); p's ancestors: [r].
  EXPECT_FALSE(WouldCreateCycle("a", "p", {"r"}));
}

// --- BuildCategoryTree

std::vector<std::string> Ids(const std::vector<CategoryTreeNode>& nodes) {
  std::vector<std::string> ids;
  for (const auto& node : nodes) {
    ids.push_back(node.category.id);
  }
  return ids;
}

TEST(CategoryTreeTest, EmptyListIsAnEmptyForest) { EXPECT_TRUE(BuildCategoryTree({}).empty()); }

TEST(CategoryTreeTest, ChildrenNestUnderTheirParents) {
  const auto forest = BuildCategoryTree({Make("r1"), Make("a", "r1"), Make("r2"), Make("b", "a")});
  ASSERT_EQ(Ids(forest), (std::vector<std::string>{"r1", "r2"}));
  ASSERT_EQ(Ids(forest[0].children), (std::vector<std::string>{"a"}));
  EXPECT_EQ(Ids(forest[0].children[0].children), (std::vector<std::string>{"b"}));
  EXPECT_TRUE(forest[0].children[0].children[0].children.empty());
  EXPECT_TRUE(forest[1].children.empty());
  EXPECT_EQ(forest[0].children[0].category, Make("a", "r1"));
}

TEST(CategoryTreeTest, SiblingsKeepTheInputOrderEvenWhenChildrenComeFirst) {
  const auto forest = BuildCategoryTree(
      {Make("c3", "p"), Make("z"), Make("c1", "p"), Make("p"), Make("c2", "p"), Make("a")});
  EXPECT_EQ(Ids(forest), (std::vector<std::string>{"z", "p", "a"}));
  EXPECT_EQ(Ids(forest[1].children), (std::vector<std::string>{"c3", "c1", "c2"}));
}

TEST(CategoryTreeTest, DeepChainNestsEveryLevel) {
  constexpr int kDepth = 5000;
  std::vector<Category> flat;
  // Deepest first, so every child precedes its parent in the input.
  for (int i = kDepth - 1; i >= 0; --i) {
    flat.push_back(Make("n" + std::to_string(i),
                        i == 0 ? std::nullopt : std::optional("n" + std::to_string(i - 1))));
  }
  const auto forest = BuildCategoryTree(std::move(flat));
  ASSERT_EQ(forest.size(), 1u);
  const CategoryTreeNode* node = &forest[0];
  for (int i = 0; i < kDepth - 1; ++i) {
    ASSERT_EQ(node->category.id, "n" + std::to_string(i));
    ASSERT_EQ(node->children.size(), 1u);
    node = &node->children[0];
  }
  EXPECT_EQ(node->category.id, "n" + std::to_string(kDepth - 1));
  EXPECT_TRUE(node->children.empty());
}

TEST(CategoryTreeTest, OrphanIsRejected) {
  EXPECT_THROW(BuildCategoryTree({Make("r"), Make("x", "missing")}), std::invalid_argument);
}

TEST(CategoryTreeTest, CycleIsRejected) {
  EXPECT_THROW(BuildCategoryTree({Make("r"), Make("a", "b"), Make("b", "a")}),
               std::invalid_argument);
  EXPECT_THROW(BuildCategoryTree({Make("a", "a")}), std::invalid_argument);
}

TEST(CategoryTreeTest, DuplicateIdIsRejected) {
  EXPECT_THROW(BuildCategoryTree({Make("r"), Make("r")}), std::invalid_argument);
}

}  // namespace
}  // namespace shop::category
