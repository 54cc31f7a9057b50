#pragma once
// SQL of stock_reservations and stock_reservation_lines (migrations/V006). Every statement is
// prepared once per pooled connection (ReservationStatements()); functions take the caller's
// transaction. Locking order of a reservation step: the reservation row first, then product rows
// in product id order (store/product_store.hpp).

#include <chrono>
#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "platform/db/pool.hpp"
#include "product/domain/stock_reservation.hpp"

namespace shop::product {

const std::vector<db::PreparedStatement>& ReservationStatements();

// Writes the order's reservation as `status` with the first version unless the order has one, and
// tells whether it did. The new row is this transaction's until it ends: a concurrent claim of the
// same order waits for it, then finds the row (false).
bool ClaimReservation(pqxx::work& txn, const std::string& order_id, ReservationStatus status);

// The status of the order's reservation, its row locked FOR UPDATE until the transaction ends;
// nullopt when the order has none.
std::optional<ReservationStatus> LockReservation(pqxx::work& txn, const std::string& order_id);

// Sets status and version (and updated_at) of an existing reservation.
void SetReservationStatus(pqxx::work& txn, const std::string& order_id, ReservationStatus status,
                          std::int64_t version);

// Records the units a reservation took (merged lines: one per product).
void InsertReservationLines(pqxx::work& txn, const std::string& order_id,
                            const std::vector<StockLine>& lines);
// The units the reservation took, in product id order (none for rejected or cancelled ones).
std::vector<StockLine> ReservationLines(pqxx::work& txn, const std::string& order_id);

struct Reservation {
  std::string order_id;
  ReservationStatus status = ReservationStatus::kReserved;
  std::int64_t version = 0;
  std::chrono::system_clock::time_point created_at;
  std::chrono::system_clock::time_point updated_at;
  std::vector<StockLine> lines;
};
// The reservation with its lines, unlocked; nullopt when the order has none.
std::optional<Reservation> FindReservation(pqxx::work& txn, const std::string& order_id);

}  // namespace shop::product
