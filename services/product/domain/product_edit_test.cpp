#include "product/domain/product_edit.hpp"

#include <gtest/gtest.h>

namespace shop::product {
namespace {

Product Lamp() {
  return {.id = "0190a3c4-1b2c-7d3e-8f40-123456789abc",
          .name = "Lamp",
          .description = "bright",
          .price = "12.50",
          .stock = 3,
          .category_id = "0190a3c4-0000-7000-8000-000000000001",
          .category_name = "Home",
          .version = 4};
}

TEST(ProductEditTest, ChangedPriceBumpsTheVersion) {
  ProductEdit edit;
  edit.price = "13.00";
  const auto next = ApplyEdit(Lamp(), edit, std::nullopt);
  ASSERT_TRUE(next);
  EXPECT_EQ(next->price, "13.00");
  EXPECT_EQ(next->version, 5);
}

TEST(ProductEditTest, EditThatRestatesTheCurrentValuesIsANoOp) {
  EXPECT_FALSE(ApplyEdit(Lamp(), {}, std::nullopt));
  ProductEdit same;
  same.name = "Lamp";
  same.description = std::optional<std::string>("bright");
  same.price = "12.50";
  same.stock = 3;
  same.category_id = Lamp().category_id;
  EXPECT_FALSE(ApplyEdit(Lamp(), same, std::nullopt));
}

TEST(ProductEditTest, NullDescriptionClearsIt) {
  ProductEdit edit;
  edit.description = std::optional<std::string>();
  const auto next = ApplyEdit(Lamp(), edit, std::nullopt);
  ASSERT_TRUE(next);
  EXPECT_FALSE(next->description);
}

TEST(ProductEditTest, MoveToAnotherCategoryCopiesItsName) {
  const CategoryRef garden{
      .id = "0190a3c4-0000-7000-8000-000000000002", .name = "Garden", .version = 7};
  ProductEdit edit;
  edit.category_id = garden.id;
  EXPECT_TRUE(ChangesCategory(Lamp(), edit));
  const auto next = ApplyEdit(Lamp(), edit, garden);
  ASSERT_TRUE(next);
  EXPECT_EQ(next->category_id, garden.id);
  EXPECT_EQ(next->category_name, "Garden");
  EXPECT_THROW(ApplyEdit(Lamp(), edit, std::nullopt), std::logic_error);
}

}  // namespace
}  // namespace shop::product
