#include "product/domain/product_access.hpp"

namespace shop::product {

std::optional<std::string> CreateRefusal(const Writer& writer) {
  if (writer.role == "admin" || writer.role == "seller") {
    return std::nullopt;
  }
  return "only sellers and admins create products";
}

std::optional<std::string> ChangeRefusal(const Writer& writer,
                                         const std::optional<std::string>& seller_id) {
  if (writer.role == "admin") {
    return std::nullopt;
  }
  if (writer.role != "seller") {
    return "only sellers and admins change products";
  }
  if (seller_id != writer.user_id) {
    return "a seller may change only their own products";
  }
  return std::nullopt;
}

}  // namespace shop::product
