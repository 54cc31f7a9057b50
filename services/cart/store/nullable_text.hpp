#pragma once
// A nullable text column read as std::optional (libpqxx 6 as packaged has no optional support).

#include <optional>
#include <pqxx/pqxx>
#include <string>

namespace shop::cart {

inline std::optional<std::string> NullableText(const pqxx::field& field) {
  if (field.is_null()) {
    return std::nullopt;
  }
  return field.as<std::string>();
}

}  // namespace shop::cart
