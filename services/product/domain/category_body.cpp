#include "product/domain/category_body.hpp"

#include "events/catalog/payload_json.hpp"

namespace shop::product {

CategoryRef ParseCategoryBody(std::string_view body) {
  const events::PayloadReader reader(body, "category-service's category body");
  return {
      .id = reader.Uuid("id"), .name = reader.NonEmptyString("name"), .version = reader.Version()};
}

}  // namespace shop::product
