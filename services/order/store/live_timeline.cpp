#include "order/store/live_timeline.hpp"

namespace shop::order {
namespace {

constexpr const char* kUserTimelineAfter = "order_live_user_timeline_after";
constexpr const char* kLastUserSeq = "order_live_last_user_seq";

}  // namespace

const std::vector<db::PreparedStatement>& LiveTimelineStatements() {
  static const std::vector<db::PreparedStatement> statements = {
      {kUserTimelineAfter,
       "SELECT t.id, t.order_id::text, (extract(epoch FROM t.at) * 1000000)::bigint, "
       "t.from_status, t.to_status, t.version, t.cause, t.detail "
       "FROM order_timeline t JOIN orders o ON o.id = t.order_id "
       "WHERE o.user_id = $1::uuid AND t.id > $2 ORDER BY t.id LIMIT $3"},
      {kLastUserSeq,
       "SELECT coalesce(max(t.id), 0) FROM order_timeline t JOIN orders o ON o.id = t.order_id "
       "WHERE o.user_id = $1::uuid"},
  };
  return statements;
}

std::vector<TimelineRow> UserTimelineAfter(pqxx::work& txn, const std::string& user_id,
                                           std::int64_t after, std::size_t limit) {
  std::vector<TimelineRow> rows;
  for (const pqxx::row& r :
       txn.exec_prepared(kUserTimelineAfter, user_id, after, static_cast<long long>(limit))) {
    rows.push_back({.seq = r[0].as<std::int64_t>(),
                    .order_id = r[1].as<std::string>(),
                    .at = Time(std::chrono::microseconds(r[2].as<long long>())),
                    .from_status = r[3].is_null()
                                       ? std::nullopt
                                       : std::optional<std::string>(r[3].as<std::string>()),
                    .to_status = r[4].as<std::string>(),
                    .version = r[5].as<std::int64_t>(),
                    .cause = r[6].as<std::string>(),
                    .detail = r[7].as<std::string>()});
  }
  return rows;
}

std::int64_t LastUserSeq(pqxx::work& txn, const std::string& user_id) {
  return txn.exec_prepared(kLastUserSeq, user_id).at(0).at(0).as<std::int64_t>();
}

}  // namespace shop::order
