#pragma once
// What the live order-status feed reads from order_timeline (docs/decisions/0034): a user's rows
// after a seq. Statements are prepared with the pool's (LiveTimelineStatements is part of
// OrderStatements()).
//
// A user's rows commit in seq order (migrations/V005 draws each row's id under a per-user lock
// held to commit), so "rows after the last seq read" never skips a row that commits later.

#include <cstdint>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "order/domain/live_message.hpp"
#include "platform/db/pool.hpp"

namespace shop::order {

const std::vector<db::PreparedStatement>& LiveTimelineStatements();

// The rows of `user_id`'s orders with seq > `after`, in seq order, at most `limit`.
std::vector<TimelineRow> UserTimelineAfter(pqxx::work& txn, const std::string& user_id,
                                           std::int64_t after, std::size_t limit);

// The highest seq of `user_id`'s rows; 0 when there is none.
std::int64_t LastUserSeq(pqxx::work& txn, const std::string& user_id);

}  // namespace shop::order
