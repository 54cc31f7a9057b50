#pragma once
// payment-service's payments table (migrations/V001__create_payments.sql). Every statement is a
// named one, prepared on each connection (PaymentStatements()).
//
// Concurrency: the consumer's changes and the worker's record of an outcome lock the payment row
// (FOR UPDATE); the worker claims due payments with FOR UPDATE SKIP LOCKED and a lease
// (claimed_until, next_attempt_at), so several workers, in one instance or many, never call the
// provider for the same payment at once.

#include <chrono>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "payment/domain/payment_rules.hpp"
#include "platform/db/pool.hpp"

namespace shop::payment {

// A payment as stored, for the API and the events (no token).
struct PaymentRecord {
  std::string id{};
  std::string order_id{};
  std::optional<std::string> user_id{};  // null in a tombstone
  PaymentStatus status = PaymentStatus::kPending;
  std::optional<std::string> amount{};  // "12.50"; null in a tombstone
  std::optional<std::string> failure_reason{};
  std::optional<std::string> charge_id{};
  std::optional<std::string> refund_id{};
  int attempts = 0;
  int refund_attempts = 0;
  long long version = 1;
  std::string traceparent{};  // "" when none
  std::optional<std::string> last_error{};
  std::chrono::system_clock::time_point created_at{};
  std::chrono::system_clock::time_point updated_at{};
  std::chrono::system_clock::time_point next_attempt_at{};

  PaymentFacts Facts() const {
    return {.status = status, .attempts = attempts, .charged = charge_id.has_value()};
  }
};

struct RequestedPayment {
  std::string order_id{};
  std::string user_id{};
  std::string amount{};
  std::string token{};
  std::string traceparent{};
};

// A new pending payment for the order. When the order already has a payment nothing changes,
// except that a tombstone (left by a cancellation seen first) learns its user and amount; it
// stays cancelled and never gets the token. Returns whether a pending payment was created.
bool InsertRequestedPayment(pqxx::work& txn, const RequestedPayment& payment);

// A cancelled tombstone for an order without a payment; nothing when it has one.
void InsertCancelledTombstone(pqxx::work& txn, const std::string& order_id,
                              const std::string& traceparent);

// The order's payment, locked FOR UPDATE, or nullopt.
std::optional<PaymentRecord> LockPaymentOfOrder(pqxx::work& txn, const std::string& order_id);
// The payment, locked FOR UPDATE (it must exist).
PaymentRecord LockPayment(pqxx::work& txn, const std::string& payment_id);
// The order's payment, or nullopt.
std::optional<PaymentRecord> FindPaymentOfOrder(pqxx::work& txn, const std::string& order_id);

// A due payment (pending: to charge; refund_pending: to refund) taken for one provider call:
// counts the attempt and holds the payment for `lease` (claimed_until = next_attempt_at).
struct ClaimedPayment {
  std::string id{};
  std::string order_id{};
  PaymentStatus status = PaymentStatus::kPending;
  std::string amount{};
  std::string token{};  // "" unless pending
  std::string traceparent{};
  int attempts = 0;  // of this kind of call, this one included
};
std::optional<ClaimedPayment> ClaimDuePayment(pqxx::work& txn, std::chrono::milliseconds lease);

struct PaymentChange {
  Transition transition{};
  std::optional<std::string> charge_id{};
  std::optional<std::string> refund_id{};
  std::chrono::milliseconds backoff{0};  // for NextAttempt::kBackoff
  bool release_claim = false;            // the worker's call is over
  std::string last_error{};              // with release_claim: "" clears it
};
// Applies `change` to the payment and returns it as it is now.
PaymentRecord ApplyChange(pqxx::work& txn, const std::string& payment_id,
                          const PaymentChange& change);

// Payments waiting for the worker, by status (pending, refund_pending), and how long the oldest of
// each has waited since its last change.
struct Backlog {
  PaymentStatus status = PaymentStatus::kPending;
  long long count = 0;
  double oldest_seconds = 0;
};
std::vector<Backlog> ReadBacklog(pqxx::work& txn);

const std::vector<db::PreparedStatement>& PaymentStatements();

}  // namespace shop::payment
