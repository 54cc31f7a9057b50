#pragma once
// The simulated provider's ledger (migrations/V001__create_ledger.sql). Every charge and refund
// runs in one transaction that first locks its order's account row (LockOrderAccount), so the
// operations of one order are serialised and a refund's void cannot race a charge.

#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "platform/db/pool.hpp"

namespace shop::payment_sim {

struct OrderAccount {
  bool voided = false;
};

// Creates the order's account when it has none, locks it FOR UPDATE and returns it.
OrderAccount LockOrderAccount(pqxx::work& txn, const std::string& order_id);
void VoidOrder(pqxx::work& txn, const std::string& order_id);

// One idempotency key's row.
struct Operation {
  std::string idempotency_key;
  std::string kind;  // charge | refund
  std::string order_id;
  std::string amount;  // "12.50"
  std::optional<std::string> token;
  std::optional<std::string> outcome;  // null while unsettled
  int transient_failures = 0;
  std::string id;
  std::optional<std::string> charge_id;
};

// The key's row, locked FOR UPDATE, or nullopt.
std::optional<Operation> FindOperation(pqxx::work& txn, const std::string& key);
// Inserts an unsettled row for `operation` (key, kind, order_id, amount, token) and returns it.
Operation InsertOperation(pqxx::work& txn, const Operation& operation);
void CountTransientFailure(pqxx::work& txn, const std::string& key);
// Settles the key with `outcome` (and, for a refund, the charge it refunded).
void SettleOperation(pqxx::work& txn, const std::string& key, const std::string& outcome,
                     const std::optional<std::string>& charge_id);

// The order's succeeded charge that has no refund yet (the oldest, should there be several), or
// nullopt.
std::optional<Operation> FindRefundableCharge(pqxx::work& txn, const std::string& order_id);
// Whether the order has a succeeded charge at all (refunded or not).
bool HasSucceededCharge(pqxx::work& txn, const std::string& order_id);

// The order's succeeded charges (refunded ones too) and its refunds, oldest first.
std::vector<Operation> ChargesOfOrder(pqxx::work& txn, const std::string& order_id);
std::vector<Operation> RefundsOfOrder(pqxx::work& txn, const std::string& order_id);
bool OrderVoided(pqxx::work& txn, const std::string& order_id);

struct LedgerTotals {
  long long charges = 0;  // succeeded charges
  long long refunds = 0;
  long long voided_orders = 0;
  long long orders_charged_more_than_once = 0;
};
LedgerTotals Totals(pqxx::work& txn);

const std::vector<db::PreparedStatement>& LedgerStatements();

}  // namespace shop::payment_sim
