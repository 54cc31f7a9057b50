#include "product/domain/category_change.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace shop::product {
namespace {

TEST(ProductCategoryChangeTest, ReadsIdNameAndVersion) {
  const CategoryChange change = ParseCategoryChange(
      R"({"id":"0f8fad5b-d9cb-469f-a165-70867728950e","name":"Toys","slug":"toys","parent_id":null,"version":3})");
  EXPECT_EQ(change.id, "0f8fad5b-d9cb-469f-a165-70867728950e");
  EXPECT_EQ(change.name, "Toys");
  EXPECT_EQ(change.version, 3);
}

TEST(ProductCategoryChangeTest, MalformedOrIncompleteDataIsRejected) {
  EXPECT_THROW(ParseCategoryChange("{not json"), std::invalid_argument);
  EXPECT_THROW(ParseCategoryChange(R"({"name":"Toys","version":1})"), std::invalid_argument);
  EXPECT_THROW(ParseCategoryChange(R"({"id":"x","version":1})"), std::invalid_argument);
  EXPECT_THROW(ParseCategoryChange(R"({"id":"x","name":"Toys","version":0})"),
               std::invalid_argument);
  EXPECT_THROW(ParseCategoryChange(R"({"id":"x","name":"Toys","version":"2"})"),
               std::invalid_argument);
}

}  // namespace
}  // namespace shop::product
