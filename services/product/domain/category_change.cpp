#include "product/domain/category_change.hpp"

#include <simdjson.h>

#include <stdexcept>

namespace shop::product {

CategoryChange ParseCategoryChange(std::string_view data) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(data.data(), data.size()).get(root) != simdjson::SUCCESS) {
    throw std::invalid_argument("category event data is not valid JSON");
  }
  CategoryChange change;
  std::string_view text;
  if (root["id"].get(text) != simdjson::SUCCESS || text.empty()) {
    throw std::invalid_argument("category event data has no string id");
  }
  change.id = std::string(text);
  if (root["name"].get(text) != simdjson::SUCCESS || text.empty()) {
    throw std::invalid_argument("category event data has no string name");
  }
  change.name = std::string(text);
  int64_t version = 0;
  if (root["version"].get(version) != simdjson::SUCCESS || version < 1) {
    throw std::invalid_argument("category event data has no positive integer version");
  }
  change.version = version;
  return change;
}

}  // namespace shop::product
