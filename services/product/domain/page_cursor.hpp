#pragma once
// Keyset pagination cursors for GET /api/products, which lists in id order.
//
// A cursor is opaque to clients: the base64url encoding (RFC 4648 section 5, no padding;
// platform/auth/base64url.hpp) of the
// id of the last product of the previous page. The next page holds the products with a greater
// id. Decision: the id alone suffices because the list is ordered by id only; a cursor stays
// valid when that product is deleted or renamed. Clients must not build cursors themselves.

#include <optional>
#include <string>
#include <string_view>

namespace shop::product {

std::string EncodeCursor(std::string_view last_id);
// The id inside `cursor`, or nullopt when it is not valid base64url or not a UUID.
std::optional<std::string> DecodeCursor(std::string_view cursor);

}  // namespace shop::product
