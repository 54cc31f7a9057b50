#pragma once
// SQL of orders, their lines and timelines (migrations/V001). Functions take the caller's
// transaction; every statement is prepared once per pooled connection (OrderStatements()).
// Concurrent changes of one order are serialised by its row lock (LockOrder,
// LockOrdersPastDeadline); UpdateOrderState also checks the version it replaces, so a change
// computed from a stale copy fails instead of overwriting.

#include <chrono>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "order/domain/order.hpp"
#include "order/domain/order_page.hpp"
#include "platform/db/pool.hpp"

namespace shop::order {

const std::vector<db::PreparedStatement>& OrderStatements();

// Inserts the order (pending, version 1, waiting `stock_deadline`) and its order_lines rows;
// nullopt when an order with this id exists already (nothing is written then).
std::optional<Order> InsertOrder(pqxx::work& txn, const NewOrder& order,
                                 const std::string& traceparent,
                                 std::chrono::milliseconds stock_deadline);

std::optional<Order> FindOrder(pqxx::work& txn, const std::string& id);
// The order, locked FOR UPDATE until the transaction ends.
std::optional<Order> LockOrder(pqxx::work& txn, const std::string& id);
// Up to `limit` orders whose deadline has passed, oldest deadline first, locked FOR UPDATE SKIP
// LOCKED: several scanners (one per instance) share the work without waiting for each other.
std::vector<Order> LockOrdersPastDeadline(pqxx::work& txn, int limit);

// Orders whose deadline has passed and that still wait for it (locked or not), and how far past
// its deadline the oldest one is (0 when there is none).
struct OverdueOrders {
  long long count = 0;
  double oldest_seconds = 0;
};
OverdueOrders CountOrdersPastDeadline(pqxx::work& txn);

// The change of a locked order to its next state.
struct StateChange {
  OrderStatus status;
  std::optional<CancelReason> cancel_reason;
  std::int64_t version;  // the order's version + 1
  // The new deadline from now, when the new state waits for one; none clears it.
  std::optional<std::chrono::milliseconds> deadline;
  bool clear_payment_token = false;
};
// Writes `change` and returns the order after it. Throws std::logic_error when the stored version
// is not change.version - 1 (the caller did not hold the order's lock).
Order UpdateOrderState(pqxx::work& txn, const std::string& id, const StateChange& change);

// Drops the order's deadline (one an order that no longer waits was left with).
void ClearDeadline(pqxx::work& txn, const std::string& id);

struct NewTimelineEntry {
  std::string order_id;
  std::optional<OrderStatus> from_status;
  OrderStatus to_status;
  std::int64_t version;
  std::string cause;
  std::string detail;
  std::optional<std::string> event_id;  // ce_id of the consumed event
};
void AppendTimeline(pqxx::work& txn, const NewTimelineEntry& entry);
std::vector<TimelineEntry> LoadTimeline(pqxx::work& txn, const std::string& order_id);

// Records that the order's shipment reached `shipment_version` (migrations/V006); false, and
// nothing written, when that version was recorded before (a duplicate or a replay).
bool RecordShipmentStep(pqxx::work& txn, const std::string& order_id, std::int64_t shipment_version,
                        const std::string& status, const std::string& event_id);

// The user's orders, newest first, after `after` (the previous page's last), at most `limit`.
std::vector<Order> ListOrdersOfUser(pqxx::work& txn, const std::string& user_id,
                                    const std::optional<PagePosition>& after, int limit);

// An order that contains a seller's products, with only those lines.
struct Sale {
  std::string order_id;
  OrderStatus status = OrderStatus::kPending;
  std::optional<CancelReason> cancel_reason;
  std::int64_t version = 1;
  Time created_at{};
  Time updated_at{};
  std::vector<OrderLine> lines;  // the seller's only
};
// The seller's sales, newest first, after `after`, at most `limit` orders.
std::vector<Sale> ListSales(pqxx::work& txn, const std::string& seller_id,
                            const std::optional<PagePosition>& after, int limit);

// The position of an order in the lists above.
PagePosition PositionOf(const std::string& id, Time created_at);

}  // namespace shop::order
