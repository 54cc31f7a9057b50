#pragma once
// The sent log (migrations/V002__create_sent_log.sql; states in docs/runbooks/notifications.md).
// Each call is meant to run in a short transaction of its own, committed before (claim) and after
// (mark) the SMTP call, never inside the consumer's inbox transaction: what it records must
// survive that transaction's rollback and a crash.
//
// Concurrency: the claim is one INSERT ... ON CONFLICT DO UPDATE ... WHERE, so of two attempts
// at one e-mail (two instances after a rebalance, a zombie past its lease) exactly one gets the
// row; the other sees it sending (busy) or sent.

#include <chrono>
#include <optional>
#include <pqxx/pqxx>
#include <string>

namespace shop::notification {

struct SendClaim {
  enum class State {
    kClaimed,      // ours to send, until the lease ends
    kAlreadySent,  // nothing to do
    kBusy,         // another attempt holds a live lease
  };
  State state = State::kClaimed;
  std::string message_id{};  // kClaimed: the row's (the first claim's), to send with
  int attempts = 0;          // kClaimed: SMTP conversations started, this one included
  // kBusy: when the other attempt's lease ends.
  std::optional<std::chrono::system_clock::time_point> lease_until{};
};

struct ClaimRequest {
  std::string dedupe_key;
  std::string event_id;
  std::string kind;
  std::string message_id;  // used when the row is new
  std::string recipient;
  std::chrono::milliseconds lease{};
};

// Claims the e-mail: a new row, or one failed, rejected or sending past its lease, becomes
// `sending` with a lease of `request.lease` from now (the database's clock).
SendClaim ClaimSend(pqxx::work& txn, const ClaimRequest& request);

void MarkSent(pqxx::work& txn, const std::string& dedupe_key);
// The SMTP attempt failed: `rejected` for a permanent refusal, else `failed`; the lease ends.
void MarkFailed(pqxx::work& txn, const std::string& dedupe_key, bool rejected,
                const std::string& error);

}  // namespace shop::notification
