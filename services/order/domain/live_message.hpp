#pragma once
// What a live order-status socket (GET /orders/live, docs/decisions/0034) sends: one message per
// order_timeline row of the caller's orders, in seq order. Pure.
//
//   {"type": "order.status", "seq": 1234, "order_id": "...", "status": "confirmed",
//    "from_status": "paid" | null, "version": 4, "cause": "payment.succeeded", "detail": "",
//    "at": "2026-12-07T10:00:00.123Z"}
//
// seq is the row's id: it grows with every row of the user's orders, with gaps (other users' rows,
// rolled-back inserts). status is the row's to_status; a note (a stale event, a refund, a tracking
// step) has status == from_status. A client keeps the highest seq it has seen and reconnects with
// ?after=<seq>.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "order/domain/order.hpp"

namespace shop::order {

inline constexpr std::string_view kLiveMessageType = "order.status";

// One order_timeline row as the live feed reads it. Statuses stay text: a row another part of the
// service adds with a status this build does not know is still passed on.
struct TimelineRow {
  std::int64_t seq = 0;
  std::string order_id;
  Time at{};
  std::optional<std::string> from_status;
  std::string to_status;
  std::int64_t version = 0;
  std::string cause;
  std::string detail;
};

std::string LiveMessageJson(const TimelineRow& row);

// The value of ?after=: a decimal seq from 0 to 2^63-1, without sign, spaces or leading "+".
// nullopt when it is anything else (the route answers 400).
std::optional<std::int64_t> ParseAfterSeq(std::string_view text);

}  // namespace shop::order
