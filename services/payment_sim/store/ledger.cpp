#include "payment_sim/store/ledger.hpp"

namespace shop::payment_sim {
namespace {

constexpr const char* kEnsureAccount = "sim_ensure_account";
constexpr const char* kLockAccount = "sim_lock_account";
constexpr const char* kVoidOrder = "sim_void_order";
constexpr const char* kFindOperation = "sim_find_operation";
constexpr const char* kInsertOperation = "sim_insert_operation";
constexpr const char* kCountFailure = "sim_count_failure";
constexpr const char* kSettle = "sim_settle";
constexpr const char* kRefundableCharge = "sim_refundable_charge";
constexpr const char* kHasCharge = "sim_has_charge";
constexpr const char* kChargesOfOrder = "sim_charges_of_order";
constexpr const char* kRefundsOfOrder = "sim_refunds_of_order";
constexpr const char* kOrderVoided = "sim_order_voided";
constexpr const char* kTotals = "sim_totals";

// The columns every Operation is read from, in ReadOperation's order.
constexpr const char* kColumns =
    " idempotency_key, kind, order_id::text, amount::text, token, outcome, transient_failures, "
    "id::text, charge_id::text ";

// libpqxx 6 has no std::optional parameters: an absent value travels as '' and the SQL turns it
// back into NULL (NULLIF); '' is never a token or a uuid here.
std::string OrEmpty(const std::optional<std::string>& value) { return value.value_or(""); }

Operation ReadOperation(const pqxx::row& row) {
  Operation operation;
  operation.idempotency_key = row[0].as<std::string>();
  operation.kind = row[1].as<std::string>();
  operation.order_id = row[2].as<std::string>();
  operation.amount = row[3].as<std::string>();
  if (!row[4].is_null()) {
    operation.token = row[4].as<std::string>();
  }
  if (!row[5].is_null()) {
    operation.outcome = row[5].as<std::string>();
  }
  operation.transient_failures = row[6].as<int>();
  operation.id = row[7].as<std::string>();
  if (!row[8].is_null()) {
    operation.charge_id = row[8].as<std::string>();
  }
  return operation;
}

std::vector<Operation> ReadOperations(const pqxx::result& result) {
  std::vector<Operation> operations;
  for (const pqxx::row& row : result) {
    operations.push_back(ReadOperation(row));
  }
  return operations;
}

}  // namespace

const std::vector<db::PreparedStatement>& LedgerStatements() {
  static const std::vector<db::PreparedStatement> statements = {
      {kEnsureAccount,
       "INSERT INTO order_accounts (order_id) VALUES ($1::uuid) ON CONFLICT (order_id) DO NOTHING"},
      {kLockAccount,
       "SELECT voided_at IS NOT NULL FROM order_accounts WHERE order_id = $1::uuid FOR UPDATE"},
      {kVoidOrder,
       "UPDATE order_accounts SET voided_at = now() WHERE order_id = $1::uuid AND voided_at IS "
       "NULL"},
      {kFindOperation,
       std::string("SELECT") + kColumns + "FROM operations WHERE idempotency_key = $1 FOR UPDATE"},
      {kInsertOperation,
       "INSERT INTO operations (idempotency_key, kind, order_id, amount, token) "
       "VALUES ($1, $2, $3::uuid, $4::numeric, NULLIF($5, '')) RETURNING" +
           std::string(kColumns)},
      {kCountFailure,
       "UPDATE operations SET transient_failures = transient_failures + 1 "
       "WHERE idempotency_key = $1"},
      {kSettle,
       "UPDATE operations SET outcome = $2, charge_id = NULLIF($3, '')::uuid, settled_at = now() "
       "WHERE idempotency_key = $1 AND outcome IS NULL"},
      {kRefundableCharge,
       std::string("SELECT") + kColumns +
           "FROM operations c "
           "WHERE c.order_id = $1::uuid AND c.kind = 'charge' AND c.outcome = 'succeeded' "
           "AND NOT EXISTS (SELECT FROM operations r WHERE r.kind = 'refund' "
           "AND r.outcome = 'refunded' AND r.charge_id = c.id) "
           "ORDER BY c.created_at LIMIT 1"},
      {kHasCharge,
       "SELECT EXISTS (SELECT FROM operations WHERE order_id = $1::uuid AND kind = 'charge' "
       "AND outcome = 'succeeded')"},
      {kChargesOfOrder,
       std::string("SELECT") + kColumns +
           "FROM operations WHERE order_id = $1::uuid "
           "AND kind = 'charge' AND outcome = 'succeeded' ORDER BY created_at, id"},
      {kRefundsOfOrder, std::string("SELECT") + kColumns +
                            "FROM operations WHERE order_id = $1::uuid "
                            "AND kind = 'refund' AND outcome = 'refunded' ORDER BY created_at, id"},
      {kOrderVoided,
       "SELECT EXISTS (SELECT FROM order_accounts WHERE order_id = $1::uuid "
       "AND voided_at IS NOT NULL)"},
      {kTotals,
       "SELECT (SELECT count(*) FROM operations WHERE kind = 'charge' AND outcome = 'succeeded'), "
       "(SELECT count(*) FROM operations WHERE kind = 'refund' AND outcome = 'refunded'), "
       "(SELECT count(*) FROM order_accounts WHERE voided_at IS NOT NULL), "
       "(SELECT count(*) FROM (SELECT order_id FROM operations WHERE kind = 'charge' "
       "AND outcome = 'succeeded' GROUP BY order_id HAVING count(*) > 1) twice)"},
  };
  return statements;
}

OrderAccount LockOrderAccount(pqxx::work& txn, const std::string& order_id) {
  txn.exec_prepared(kEnsureAccount, order_id);
  return {.voided = txn.exec_prepared1(kLockAccount, order_id)[0].as<bool>()};
}

void VoidOrder(pqxx::work& txn, const std::string& order_id) {
  txn.exec_prepared(kVoidOrder, order_id);
}

std::optional<Operation> FindOperation(pqxx::work& txn, const std::string& key) {
  const pqxx::result result = txn.exec_prepared(kFindOperation, key);
  if (result.empty()) {
    return std::nullopt;
  }
  return ReadOperation(result[0]);
}

Operation InsertOperation(pqxx::work& txn, const Operation& operation) {
  return ReadOperation(txn.exec_prepared1(kInsertOperation, operation.idempotency_key,
                                          operation.kind, operation.order_id, operation.amount,
                                          OrEmpty(operation.token)));
}

void CountTransientFailure(pqxx::work& txn, const std::string& key) {
  txn.exec_prepared(kCountFailure, key);
}

void SettleOperation(pqxx::work& txn, const std::string& key, const std::string& outcome,
                     const std::optional<std::string>& charge_id) {
  txn.exec_prepared(kSettle, key, outcome, OrEmpty(charge_id));
}

std::optional<Operation> FindRefundableCharge(pqxx::work& txn, const std::string& order_id) {
  const pqxx::result result = txn.exec_prepared(kRefundableCharge, order_id);
  if (result.empty()) {
    return std::nullopt;
  }
  return ReadOperation(result[0]);
}

bool HasSucceededCharge(pqxx::work& txn, const std::string& order_id) {
  return txn.exec_prepared1(kHasCharge, order_id)[0].as<bool>();
}

std::vector<Operation> ChargesOfOrder(pqxx::work& txn, const std::string& order_id) {
  return ReadOperations(txn.exec_prepared(kChargesOfOrder, order_id));
}

std::vector<Operation> RefundsOfOrder(pqxx::work& txn, const std::string& order_id) {
  return ReadOperations(txn.exec_prepared(kRefundsOfOrder, order_id));
}

bool OrderVoided(pqxx::work& txn, const std::string& order_id) {
  return txn.exec_prepared1(kOrderVoided, order_id)[0].as<bool>();
}

LedgerTotals Totals(pqxx::work& txn) {
  const pqxx::row row = txn.exec_prepared1(kTotals);
  return {.charges = row[0].as<long long>(),
          .refunds = row[1].as<long long>(),
          .voided_orders = row[2].as<long long>(),
          .orders_charged_more_than_once = row[3].as<long long>()};
}

}  // namespace shop::payment_sim
