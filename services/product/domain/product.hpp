#pragma once
// A product as the domain sees it: the state every API response and every product.* event
// carries (schemas/events/product.*/v1.json).

#include <optional>
#include <string>

namespace shop::product {

struct Product {
  std::string id;
  std::string name;
  std::optional<std::string> description;
  std::string price;  // canonical decimal string, see domain/price.hpp
  long long stock = 0;
  std::string category_id;
  std::string category_name;
  std::optional<std::string> seller_id{};  // who created it (a seller or an admin); may change it
  long long version = 0;

  friend bool operator==(const Product&, const Product&) = default;
};

}  // namespace shop::product
