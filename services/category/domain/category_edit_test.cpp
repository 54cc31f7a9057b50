#include "category/domain/category_edit.hpp"

#include <gtest/gtest.h>

namespace shop::category {
namespace {

const Category kBooks{.id = "0f8fad5b-d9cb-469f-a165-70867728950e",
                      .name = "Books",
                      .slug = "books",
                      .parent_id = std::nullopt,
                      .version = 3};
const std::string kParent = "7c9e6679-7425-40de-944b-e07fc1f90ae7";

TEST(CategoryEditTest, EmptyEditChangesNothing) { EXPECT_EQ(ApplyEdit(kBooks, {}), std::nullopt); }

TEST(CategoryEditTest, SameNameAndSameParentChangeNothing) {
  EXPECT_EQ(ApplyEdit(kBooks, {.name = "Books", .parent_id = std::optional<std::string>()}),
            std::nullopt);
}

TEST(CategoryEditTest, RenameDerivesTheSlugAndBumpsTheVersion) {
  const auto next = ApplyEdit(kBooks, {.name = "Used Books", .parent_id = std::nullopt});
  ASSERT_TRUE(next.has_value());
  EXPECT_EQ(next->name, "Used Books");
  EXPECT_EQ(next->slug, "used-books");
  EXPECT_EQ(next->version, 4);
  EXPECT_EQ(next->parent_id, std::nullopt);
}

TEST(CategoryEditTest, ChangeOfCaseIsARename) {
  const auto next = ApplyEdit(kBooks, {.name = "BOOKS", .parent_id = std::nullopt});
  ASSERT_TRUE(next.has_value());
  EXPECT_EQ(next->slug, "books");
  EXPECT_EQ(next->version, 4);
}

TEST(CategoryEditTest, MoveUnderAParentAndBackToTheRoot) {
  const auto moved = ApplyEdit(kBooks, {.name = std::nullopt, .parent_id = kParent});
  ASSERT_TRUE(moved.has_value());
  EXPECT_EQ(moved->parent_id, kParent);
  EXPECT_EQ(moved->name, "Books");
  EXPECT_EQ(moved->version, 4);

  const auto back =
      ApplyEdit(*moved, {.name = std::nullopt, .parent_id = std::optional<std::string>()});
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->parent_id, std::nullopt);
  EXPECT_EQ(back->version, 5);
}

TEST(CategoryEditTest, RenameAndMoveTogetherBumpTheVersionOnce) {
  const auto next = ApplyEdit(kBooks, {.name = "Novels", .parent_id = kParent});
  ASSERT_TRUE(next.has_value());
  EXPECT_EQ(next->version, 4);
}

}  // namespace
}  // namespace shop::category
