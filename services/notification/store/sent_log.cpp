#include "notification/store/sent_log.hpp"

#include "notification/store/statement_names.hpp"

namespace shop::notification {

SendClaim ClaimSend(pqxx::work& txn, const ClaimRequest& request) {
  const pqxx::result claimed = txn.exec_prepared(
      statements::kClaimSend, request.dedupe_key, request.event_id, request.kind,
      request.message_id, request.recipient, static_cast<long long>(request.lease.count()));
  if (!claimed.empty()) {
    return {.state = SendClaim::State::kClaimed,
            .message_id = claimed[0][0].as<std::string>(),
            .attempts = claimed[0][1].as<int>()};
  }
  // The row exists and was not ours to take: sent, or sending under a live lease. (It cannot
  // have gone away: rows are never deleted while their events may come again.)
  const pqxx::row row = txn.exec_prepared1(statements::kFindSend, request.dedupe_key);
  if (row[0].as<std::string>() == "sent") {
    return {.state = SendClaim::State::kAlreadySent};
  }
  SendClaim busy{.state = SendClaim::State::kBusy};
  if (!row[1].is_null()) {
    busy.lease_until =
        std::chrono::system_clock::time_point(std::chrono::milliseconds(row[1].as<long long>()));
  }
  return busy;
}

void MarkSent(pqxx::work& txn, const std::string& dedupe_key) {
  txn.exec_prepared(statements::kMarkSent, dedupe_key);
}

void MarkFailed(pqxx::work& txn, const std::string& dedupe_key, bool rejected,
                const std::string& error) {
  txn.exec_prepared(statements::kMarkFailed, dedupe_key, rejected, error);
}

}  // namespace shop::notification
