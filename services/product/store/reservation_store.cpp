#include "product/store/reservation_store.hpp"

#include <stdexcept>

namespace shop::product {
namespace {

constexpr const char* kClaim = "reservation_claim";
constexpr const char* kLock = "reservation_lock";
constexpr const char* kSetStatus = "reservation_set_status";
constexpr const char* kInsertLine = "reservation_insert_line";
constexpr const char* kLines = "reservation_lines";
constexpr const char* kFind = "reservation_find";

ReservationStatus StatusOf(const pqxx::field& field) {
  const auto status = ParseReservationStatus(field.as<std::string>());
  if (!status) {  // the table's CHECK allows no other value
    throw std::logic_error("stock_reservations.status holds " + field.as<std::string>());
  }
  return *status;
}

std::chrono::system_clock::time_point TimeOf(const pqxx::field& micros_since_epoch) {
  return std::chrono::system_clock::time_point(
      std::chrono::microseconds(micros_since_epoch.as<long long>()));
}

}  // namespace

const std::vector<db::PreparedStatement>& ReservationStatements() {
  static const std::vector<db::PreparedStatement> statements = {
      {kClaim,
       "INSERT INTO stock_reservations (order_id, status, version) VALUES ($1::uuid, $2, $3) "
       "ON CONFLICT (order_id) DO NOTHING"},
      {kLock, "SELECT status FROM stock_reservations WHERE order_id = $1::uuid FOR UPDATE"},
      {kSetStatus,
       "UPDATE stock_reservations SET status = $2, version = $3, updated_at = now() "
       "WHERE order_id = $1::uuid"},
      {kInsertLine,
       "INSERT INTO stock_reservation_lines (order_id, product_id, quantity) "
       "VALUES ($1::uuid, $2::uuid, $3)"},
      {kLines,
       "SELECT product_id::text, quantity FROM stock_reservation_lines "
       "WHERE order_id = $1::uuid ORDER BY product_id"},
      // Times travel as microseconds since the epoch, exact.
      {kFind,
       "SELECT order_id::text, status, version, "
       "(extract(epoch FROM created_at) * 1000000)::bigint, "
       "(extract(epoch FROM updated_at) * 1000000)::bigint "
       "FROM stock_reservations WHERE order_id = $1::uuid"},
  };
  return statements;
}

bool ClaimReservation(pqxx::work& txn, const std::string& order_id, ReservationStatus status) {
  return txn.exec_prepared(kClaim, order_id, std::string(ToString(status)),
                           kFirstReservationVersion)
             .affected_rows() == 1;
}

std::optional<ReservationStatus> LockReservation(pqxx::work& txn, const std::string& order_id) {
  const pqxx::result r = txn.exec_prepared(kLock, order_id);
  if (r.empty()) {
    return std::nullopt;
  }
  return StatusOf(r[0][0]);
}

void SetReservationStatus(pqxx::work& txn, const std::string& order_id, ReservationStatus status,
                          std::int64_t version) {
  txn.exec_prepared(kSetStatus, order_id, std::string(ToString(status)), version);
}

void InsertReservationLines(pqxx::work& txn, const std::string& order_id,
                            const std::vector<StockLine>& lines) {
  for (const StockLine& line : lines) {
    txn.exec_prepared(kInsertLine, order_id, line.product_id, line.quantity);
  }
}

std::vector<StockLine> ReservationLines(pqxx::work& txn, const std::string& order_id) {
  std::vector<StockLine> lines;
  for (const pqxx::row& r : txn.exec_prepared(kLines, order_id)) {
    lines.push_back({.product_id = r[0].as<std::string>(), .quantity = r[1].as<std::int64_t>()});
  }
  return lines;
}

std::optional<Reservation> FindReservation(pqxx::work& txn, const std::string& order_id) {
  const pqxx::result r = txn.exec_prepared(kFind, order_id);
  if (r.empty()) {
    return std::nullopt;
  }
  return Reservation{.order_id = r[0][0].as<std::string>(),
                     .status = StatusOf(r[0][1]),
                     .version = r[0][2].as<std::int64_t>(),
                     .created_at = TimeOf(r[0][3]),
                     .updated_at = TimeOf(r[0][4]),
                     .lines = ReservationLines(txn, order_id)};
}

}  // namespace shop::product
