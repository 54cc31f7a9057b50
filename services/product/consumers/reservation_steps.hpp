#pragma once
// The two steps of an order's stock reservation (docs/decisions/0026 and 0029), each run inside the
// caller's transaction (the consumer's inbox transaction, consumers/stock_reservation.hpp). They
// change stock and the reservation; the caller appends the events the result owes.
//
// Guarantees, under any concurrency of any number of callers on any number of processes:
// - an order's lines are reserved all or none, and no product's stock goes below zero: product
//   rows are locked (FOR UPDATE) in id order, checked, and only then decremented, each UPDATE
//   guarded by `stock >= quantity` besides;
// - an order has one reservation (its row, keyed by order id, is claimed first), so a duplicate
//   order.created, or one that arrives after the order's cancellation, changes nothing;
// - a reservation is released once (reserved -> released under the row's lock).
// Lock order: the reservation row, then product rows by id; two steps never wait on each other in
// a cycle (a category rename locking many products may still deadlock with one: Postgres aborts
// one transaction, a transient failure that the consumer retries).

#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "product/domain/product.hpp"
#include "product/domain/stock_reservation.hpp"

namespace shop::product {

// What a step did.
enum class StepOutcome {
  kReserved,           // every line taken: stock.reserved
  kRejected,           // nothing taken, some lines short: stock.rejected
  kReleased,           // the reserved units given back: stock.released
  kRecordedCancelled,  // cancelled before order.created was seen: nothing to say
  kUnchanged,          // a duplicate, or nothing to do in the reservation's status
};

struct StepResult {
  StepOutcome outcome = StepOutcome::kUnchanged;
  std::vector<StockLine> lines{};     // kReserved, kReleased: the units, one line per product
  std::vector<Shortage> shortages{};  // kRejected: every short line
  std::vector<Product> changed{};     // kReserved, kReleased: each product whose stock moved,
                                      // as it is after the step (product.updated each)
};

// order.created: reserves `lines` (quantities >= 1; repeated products are summed) for `order_id`
// unless the order has a reservation already. A product that does not exist is short of every
// unit (available 0).
StepResult ReserveStock(pqxx::work& txn, const std::string& order_id, std::vector<StockLine> lines);

// order.cancelled: a reserved reservation is released (its units return to the products that
// still exist); an order with none gets a `cancelled` one; any other status is left alone.
StepResult ReleaseStock(pqxx::work& txn, const std::string& order_id);

}  // namespace shop::product
