#pragma once
// Keyset pages of lists ordered by (created_at, id), the one cursor codec of such lists
// (GET /orders and /orders/sales newest first, GET /delivery/shipments oldest first): rows created
// in the same microsecond keep a fixed order by id, so a page never repeats or skips one while
// rows are added.
//
// A cursor is opaque to clients: the base64url encoding (no padding) of
// "<created_at in microseconds since the epoch>.<id>" of the last row of the previous page; the
// next page holds the rows that sort after it. Clients must not build cursors.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace shop::http {

inline constexpr int kDefaultPageSize = 20;
inline constexpr int kMaxPageSize = 100;

struct PagePosition {
  std::int64_t created_us = 0;
  std::string id;

  friend bool operator==(const PagePosition&, const PagePosition&) = default;
};

std::string EncodeCursor(const PagePosition& last);
// nullopt when `cursor` is not one EncodeCursor wrote (not base64url, no '.', not a number, not a
// UUID).
std::optional<PagePosition> DecodeCursor(std::string_view cursor);

// ?limit= : absent gives kDefaultPageSize; a decimal 1..kMaxPageSize is used; nullopt otherwise.
std::optional<int> PageSize(std::optional<std::string_view> limit);

}  // namespace shop::http
