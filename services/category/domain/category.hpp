#pragma once
// A category as the domain sees it: the fields every API response carries.

#include <optional>
#include <string>

namespace shop::category {

struct Category {
  std::string id;
  std::string name;
  std::string slug;
  std::optional<std::string> parent_id;  // nullopt for a root
  long long version = 0;

  friend bool operator==(const Category&, const Category&) = default;
};

}  // namespace shop::category
