#include "product/domain/page_cursor.hpp"

#include "platform/auth/base64url.hpp"
#include "product/domain/product_rules.hpp"

namespace shop::product {

std::string EncodeCursor(std::string_view last_id) { return auth::Base64UrlEncode(last_id); }

std::optional<std::string> DecodeCursor(std::string_view cursor) {
  std::optional<std::string> id = auth::Base64UrlDecode(cursor);
  if (!id || !IsUuid(*id)) {
    return std::nullopt;
  }
  return id;
}

}  // namespace shop::product
