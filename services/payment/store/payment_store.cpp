#include "payment/store/payment_store.hpp"

namespace shop::payment {
namespace {

constexpr const char* kInsertRequested = "payment_insert_requested";
constexpr const char* kInsertTombstone = "payment_insert_tombstone";
constexpr const char* kLockOfOrder = "payment_lock_of_order";
constexpr const char* kLockById = "payment_lock_by_id";
constexpr const char* kFindOfOrder = "payment_find_of_order";
constexpr const char* kClaimDue = "payment_claim_due";
constexpr const char* kApplyChange = "payment_apply_change";
constexpr const char* kBacklog = "payment_backlog";

// PaymentRecord's columns, in ReadRecord's order. Times as milliseconds since the epoch.
constexpr const char* kColumns =
    " id::text, order_id::text, user_id::text, status, amount::text, failure_reason, charge_id, "
    "refund_id, attempts, refund_attempts, version, traceparent, last_error, "
    "(extract(epoch FROM created_at) * 1000)::bigint, "
    "(extract(epoch FROM updated_at) * 1000)::bigint, "
    "(extract(epoch FROM next_attempt_at) * 1000)::bigint ";

std::optional<std::string> Nullable(const pqxx::field& field) {
  if (field.is_null()) {
    return std::nullopt;
  }
  return field.as<std::string>();
}

std::chrono::system_clock::time_point TimeOf(const pqxx::field& field) {
  return std::chrono::system_clock::time_point(std::chrono::milliseconds(field.as<long long>()));
}

PaymentRecord ReadRecord(const pqxx::row& r) {
  return {.id = r[0].as<std::string>(),
          .order_id = r[1].as<std::string>(),
          .user_id = Nullable(r[2]),
          .status = ParseStatus(r[3].as<std::string>()),
          .amount = Nullable(r[4]),
          .failure_reason = Nullable(r[5]),
          .charge_id = Nullable(r[6]),
          .refund_id = Nullable(r[7]),
          .attempts = r[8].as<int>(),
          .refund_attempts = r[9].as<int>(),
          .version = r[10].as<long long>(),
          .traceparent = Nullable(r[11]).value_or(""),
          .last_error = Nullable(r[12]),
          .created_at = TimeOf(r[13]),
          .updated_at = TimeOf(r[14]),
          .next_attempt_at = TimeOf(r[15])};
}

std::optional<PaymentRecord> FirstRecord(const pqxx::result& result) {
  if (result.empty()) {
    return std::nullopt;
  }
  return ReadRecord(result[0]);
}

const char* NextAttemptMode(NextAttempt next) {
  switch (next) {
    case NextAttempt::kUnchanged:
      return "unchanged";
    case NextAttempt::kNow:
      return "now";
    case NextAttempt::kAfterClaim:
      return "after_claim";
    case NextAttempt::kBackoff:
      return "backoff";
  }
  return "unchanged";
}

}  // namespace

const std::vector<db::PreparedStatement>& PaymentStatements() {
  static const std::vector<db::PreparedStatement> statements = {
      {kInsertRequested,
       "INSERT INTO payments (order_id, user_id, status, amount, token, traceparent) "
       "VALUES ($1::uuid, $2::uuid, 'pending', $3::numeric, $4, NULLIF($5, '')) "
       "ON CONFLICT (order_id) DO UPDATE SET user_id = EXCLUDED.user_id, "
       "amount = EXCLUDED.amount, traceparent = COALESCE(payments.traceparent, "
       "EXCLUDED.traceparent) WHERE payments.user_id IS NULL "
       "RETURNING status = 'pending'"},
      {kInsertTombstone,
       "INSERT INTO payments (order_id, status, traceparent) "
       "VALUES ($1::uuid, 'cancelled', NULLIF($2, '')) ON CONFLICT (order_id) DO NOTHING"},
      {kLockOfOrder,
       std::string("SELECT") + kColumns + "FROM payments WHERE order_id = $1::uuid FOR UPDATE"},
      {kLockById,
       std::string("SELECT") + kColumns + "FROM payments WHERE id = $1::uuid FOR UPDATE"},
      {kFindOfOrder, std::string("SELECT") + kColumns + "FROM payments WHERE order_id = $1::uuid"},
      {kClaimDue,
       "UPDATE payments SET "
       "attempts = attempts + CASE WHEN status = 'pending' THEN 1 ELSE 0 END, "
       "refund_attempts = refund_attempts + CASE WHEN status = 'refund_pending' THEN 1 ELSE 0 END, "
       "claimed_until = now() + $1::bigint * interval '1 millisecond', "
       "next_attempt_at = now() + $1::bigint * interval '1 millisecond' "
       "WHERE id = (SELECT id FROM payments WHERE status IN ('pending', 'refund_pending') "
       "AND next_attempt_at <= now() ORDER BY next_attempt_at LIMIT 1 FOR UPDATE SKIP LOCKED) "
       "RETURNING id::text, order_id::text, status, amount::text, COALESCE(token, ''), "
       "COALESCE(traceparent, ''), CASE WHEN status = 'pending' THEN attempts "
       "ELSE refund_attempts END"},
      // $2 status ('' keeps it), $3 version increment, $4 failure reason, $5 charge id, $6 refund
      // id ('' keeps each), $7 next-attempt mode, $8 backoff ms, $9 release the claim, $10 error.
      {kApplyChange,
       std::string("UPDATE payments SET status = COALESCE(NULLIF($2, ''), status), "
                   "version = version + $3, "
                   "token = CASE WHEN COALESCE(NULLIF($2, ''), status) = 'pending' THEN token END, "
                   "failure_reason = COALESCE(NULLIF($4, ''), failure_reason), "
                   "charge_id = COALESCE(NULLIF($5, ''), charge_id), "
                   "refund_id = COALESCE(NULLIF($6, ''), refund_id), "
                   "next_attempt_at = CASE $7 WHEN 'now' THEN now() "
                   "WHEN 'after_claim' THEN GREATEST(now(), COALESCE(claimed_until, now())) "
                   "WHEN 'backoff' THEN now() + $8::bigint * interval '1 millisecond' "
                   "ELSE next_attempt_at END, "
                   "claimed_until = CASE WHEN $9 THEN NULL ELSE claimed_until END, "
                   "last_error = CASE WHEN $9 THEN NULLIF($10, '') ELSE last_error END, "
                   "updated_at = CASE WHEN $3 > 0 THEN now() ELSE updated_at END "
                   "WHERE id = $1::uuid RETURNING") +
           kColumns},
      {kBacklog,
       "SELECT status, count(*), "
       "COALESCE(extract(epoch FROM now() - min(updated_at)), 0)::double precision "
       "FROM payments WHERE status IN ('pending', 'refund_pending') GROUP BY status"},
  };
  return statements;
}

bool InsertRequestedPayment(pqxx::work& txn, const RequestedPayment& payment) {
  const pqxx::result result = txn.exec_prepared(kInsertRequested, payment.order_id, payment.user_id,
                                                payment.amount, payment.token, payment.traceparent);
  return !result.empty() && result[0][0].as<bool>();
}

void InsertCancelledTombstone(pqxx::work& txn, const std::string& order_id,
                              const std::string& traceparent) {
  txn.exec_prepared(kInsertTombstone, order_id, traceparent);
}

std::optional<PaymentRecord> LockPaymentOfOrder(pqxx::work& txn, const std::string& order_id) {
  return FirstRecord(txn.exec_prepared(kLockOfOrder, order_id));
}

PaymentRecord LockPayment(pqxx::work& txn, const std::string& payment_id) {
  return ReadRecord(txn.exec_prepared1(kLockById, payment_id));
}

std::optional<PaymentRecord> FindPaymentOfOrder(pqxx::work& txn, const std::string& order_id) {
  return FirstRecord(txn.exec_prepared(kFindOfOrder, order_id));
}

std::optional<ClaimedPayment> ClaimDuePayment(pqxx::work& txn, std::chrono::milliseconds lease) {
  const pqxx::result result = txn.exec_prepared(kClaimDue, static_cast<long long>(lease.count()));
  if (result.empty()) {
    return std::nullopt;
  }
  const pqxx::row r = result[0];
  return ClaimedPayment{.id = r[0].as<std::string>(),
                        .order_id = r[1].as<std::string>(),
                        .status = ParseStatus(r[2].as<std::string>()),
                        .amount = r[3].as<std::string>(),
                        .token = r[4].as<std::string>(),
                        .traceparent = r[5].as<std::string>(),
                        .attempts = r[6].as<int>()};
}

PaymentRecord ApplyChange(pqxx::work& txn, const std::string& payment_id,
                          const PaymentChange& change) {
  const Transition& t = change.transition;
  const std::string status = t.next ? std::string(StatusName(*t.next)) : std::string();
  return ReadRecord(txn.exec_prepared1(
      kApplyChange, payment_id, status, t.ChangesVersion() ? 1 : 0, t.failure_reason.value_or(""),
      change.charge_id.value_or(""), change.refund_id.value_or(""), NextAttemptMode(t.next_attempt),
      static_cast<long long>(change.backoff.count()), change.release_claim, change.last_error));
}

std::vector<Backlog> ReadBacklog(pqxx::work& txn) {
  std::vector<Backlog> backlog;
  for (const pqxx::row& r : txn.exec_prepared(kBacklog)) {
    backlog.push_back({.status = ParseStatus(r[0].as<std::string>()),
                       .count = r[1].as<long long>(),
                       .oldest_seconds = r[2].as<double>()});
  }
  return backlog;
}

}  // namespace shop::payment
