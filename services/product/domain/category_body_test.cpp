#include "product/domain/category_body.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace shop::product {
namespace {

TEST(CategoryBodyTest, ReadsIdNameAndVersion) {
  const CategoryRef category = ParseCategoryBody(
      R"({"id":"0f8fad5b-d9cb-469f-a165-70867728950e","name":"Toys","slug":"toys",)"
      R"("parent_id":null,"version":3})");
  EXPECT_EQ(category.id, "0f8fad5b-d9cb-469f-a165-70867728950e");
  EXPECT_EQ(category.name, "Toys");
  EXPECT_EQ(category.version, 3);
}

TEST(CategoryBodyTest, MalformedOrIncompleteBodiesAreRejected) {
  constexpr const char* kId = R"("id":"0f8fad5b-d9cb-469f-a165-70867728950e")";
  EXPECT_THROW(ParseCategoryBody("{not json"), std::invalid_argument);
  EXPECT_THROW(ParseCategoryBody(R"({"name":"Toys","version":1})"), std::invalid_argument);
  EXPECT_THROW(ParseCategoryBody(R"({"id":"x","name":"Toys","version":1})"), std::invalid_argument);
  EXPECT_THROW(ParseCategoryBody(std::string("{") + kId + R"(,"version":1})"),
               std::invalid_argument);
  EXPECT_THROW(ParseCategoryBody(std::string("{") + kId + R"(,"name":"Toys","version":0})"),
               std::invalid_argument);
  EXPECT_THROW(ParseCategoryBody(std::string("{") + kId + R"(,"name":"Toys","version":"2"})"),
               std::invalid_argument);
}

}  // namespace
}  // namespace shop::product
