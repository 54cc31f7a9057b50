#pragma once
// Keyset pages of order lists (GET /orders, GET /orders/sales), newest first: ordered by
// (created_at, id) descending, with the platform's cursor codec (platform/http/page_cursor.hpp).

#include "platform/http/page_cursor.hpp"

namespace shop::order {

using http::DecodeCursor;
using http::EncodeCursor;
using http::kDefaultPageSize;
using http::kMaxPageSize;
using http::PagePosition;
using http::PageSize;

}  // namespace shop::order
