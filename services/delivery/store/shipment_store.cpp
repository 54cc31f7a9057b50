#include "delivery/store/shipment_store.hpp"

#include <stdexcept>

namespace shop::delivery {
namespace {

constexpr const char* kInsert = "shipment_insert";
constexpr const char* kInsertTombstone = "shipment_insert_tombstone";
constexpr const char* kFindOfOrder = "shipment_find_of_order";
constexpr const char* kLockOfOrder = "shipment_lock_of_order";
constexpr const char* kUpdateStatus = "shipment_update_status";
constexpr const char* kMarkOrderCancelled = "shipment_mark_order_cancelled";
constexpr const char* kAppendHistory = "shipment_history_append";
constexpr const char* kLoadHistory = "shipment_history_load";
constexpr const char* kLastMove = "shipment_last_move";
constexpr const char* kListFirst = "shipment_list_first";
constexpr const char* kListAfter = "shipment_list_after";
constexpr const char* kListStatusFirst = "shipment_list_status_first";
constexpr const char* kListStatusAfter = "shipment_list_status_after";

// Timestamps travel as microseconds since the epoch, exact both ways.
std::string Micros(const std::string& column) {
  return "(extract(epoch FROM " + column + ") * 1000000)::bigint";
}

// The columns ToShipment reads, in its order.
std::string Columns() {
  return " id::text, order_id::text, user_id::text, status, tracking_number, traceparent, " +
         Micros("order_cancelled_at") + ", version, " + Micros("created_at") + ", " +
         Micros("updated_at") + " ";
}

// The work lists: live shipments (no tombstones), oldest first; `after` adds the keyset condition
// on $n (microseconds) and $n+1 (id), `status` the filter on $1.
std::string ListSql(bool status, bool after) {
  std::string sql = "SELECT" + Columns() + "FROM shipments WHERE tracking_number IS NOT NULL";
  const int first = status ? 2 : 1;
  if (status) {
    sql += " AND status = $1";
  }
  if (after) {
    sql += " AND (created_at, id) > ('epoch'::timestamptz + $" + std::to_string(first + 1) +
           "::bigint * interval '1 microsecond', $" + std::to_string(first + 2) + "::uuid)";
  }
  return sql + " ORDER BY created_at, id LIMIT $" + std::to_string(first);
}

Time TimeOf(const pqxx::field& field) {
  return Time(std::chrono::microseconds(field.as<long long>()));
}

std::optional<std::string> OptionalText(const pqxx::field& field) {
  return field.is_null() ? std::nullopt : std::optional<std::string>(field.as<std::string>());
}

ShipmentStatus StatusOf(const pqxx::field& field) {
  const std::optional<ShipmentStatus> status = ParseStatus(field.as<std::string>());
  if (!status) {
    throw std::runtime_error("unknown shipment status in the database: " + field.as<std::string>());
  }
  return *status;
}

Shipment ToShipment(const pqxx::row& r) {
  return {.id = r[0].as<std::string>(),
          .order_id = r[1].as<std::string>(),
          .user_id = r[2].as<std::string>(),
          .status = StatusOf(r[3]),
          .tracking_number = OptionalText(r[4]),
          .traceparent = r[5].as<std::string>(),
          .order_cancelled_at = r[6].is_null() ? std::nullopt : std::optional<Time>(TimeOf(r[6])),
          .version = r[7].as<std::int64_t>(),
          .created_at = TimeOf(r[8]),
          .updated_at = TimeOf(r[9])};
}

std::optional<Shipment> OneShipment(const pqxx::result& result) {
  if (result.empty()) {
    return std::nullopt;
  }
  return ToShipment(result[0]);
}

std::string StatusText(const std::optional<ShipmentStatus>& status) {
  return status ? std::string(StatusName(*status)) : std::string();
}

}  // namespace

std::string_view ActorName(Actor actor) {
  switch (actor) {
    case Actor::kCourier:
      return "courier";
    case Actor::kAdmin:
      return "admin";
    case Actor::kSystem:
      break;
  }
  return "system";
}

const std::vector<db::PreparedStatement>& DeliveryStatements() {
  static const std::vector<db::PreparedStatement> statements = {
      {kInsert,
       "INSERT INTO shipments (order_id, user_id, status, tracking_number, traceparent) "
       "VALUES ($1::uuid, $2::uuid, 'label_created', $3, $4) "
       "ON CONFLICT (order_id) DO NOTHING RETURNING" +
           Columns()},
      {kInsertTombstone,
       "INSERT INTO shipments (order_id, user_id, status, traceparent, order_cancelled_at) "
       "VALUES ($1::uuid, $2::uuid, 'cancelled', $3, now()) "
       "ON CONFLICT (order_id) DO NOTHING RETURNING id"},
      {kFindOfOrder, "SELECT" + Columns() + "FROM shipments WHERE order_id = $1::uuid"},
      {kLockOfOrder, "SELECT" + Columns() + "FROM shipments WHERE order_id = $1::uuid FOR UPDATE"},
      {kUpdateStatus,
       "UPDATE shipments SET status = $2, version = version + 1, updated_at = now(), "
       "order_cancelled_at = CASE WHEN $4 THEN COALESCE(order_cancelled_at, now()) "
       "ELSE order_cancelled_at END "
       "WHERE id = $1::uuid AND version = $3 RETURNING" +
           Columns()},
      {kMarkOrderCancelled,
       "UPDATE shipments SET order_cancelled_at = now() "
       "WHERE id = $1::uuid AND order_cancelled_at IS NULL RETURNING id"},
      {kAppendHistory,
       "INSERT INTO shipment_history (shipment_id, from_status, to_status, note, by_user, "
       "by_role, version) VALUES ($1::uuid, NULLIF($2, ''), $3, NULLIF($4, ''), NULLIF($5, "
       "'')::uuid, $6, $7)"},
      {kLoadHistory, "SELECT " + Micros("at") +
                         ", from_status, to_status, note, by_user::text, by_role, version "
                         "FROM shipment_history WHERE shipment_id = $1::uuid ORDER BY id"},
      {kLastMove,
       "SELECT by_user::text, to_status FROM shipment_history WHERE shipment_id = $1::uuid "
       "AND from_status IS DISTINCT FROM to_status ORDER BY id DESC LIMIT 1"},
      {kListFirst, ListSql(false, false)},
      {kListAfter, ListSql(false, true)},
      {kListStatusFirst, ListSql(true, false)},
      {kListStatusAfter, ListSql(true, true)},
  };
  return statements;
}

std::optional<Shipment> InsertShipment(pqxx::work& txn, const NewShipment& shipment) {
  return OneShipment(txn.exec_prepared(kInsert, shipment.order_id, shipment.user_id,
                                       shipment.tracking_number, shipment.traceparent));
}

bool InsertTombstone(pqxx::work& txn, const std::string& order_id, const std::string& user_id,
                     const std::string& traceparent) {
  return !txn.exec_prepared(kInsertTombstone, order_id, user_id, traceparent).empty();
}

std::optional<Shipment> FindShipmentOfOrder(pqxx::work& txn, const std::string& order_id) {
  return OneShipment(txn.exec_prepared(kFindOfOrder, order_id));
}

std::optional<Shipment> LockShipmentOfOrder(pqxx::work& txn, const std::string& order_id) {
  return OneShipment(txn.exec_prepared(kLockOfOrder, order_id));
}

std::optional<Shipment> UpdateStatus(pqxx::work& txn, const std::string& id, ShipmentStatus status,
                                     std::int64_t expected_version, bool order_cancelled) {
  return OneShipment(txn.exec_prepared(kUpdateStatus, id, std::string(StatusName(status)),
                                       expected_version, order_cancelled));
}

bool MarkOrderCancelled(pqxx::work& txn, const std::string& id) {
  return !txn.exec_prepared(kMarkOrderCancelled, id).empty();
}

void AppendHistory(pqxx::work& txn, const NewHistoryEntry& entry) {
  txn.exec_prepared(kAppendHistory, entry.shipment_id, StatusText(entry.from_status),
                    std::string(StatusName(entry.to_status)), entry.note.value_or(""),
                    entry.by_user.value_or(""), std::string(ActorName(entry.by)), entry.version);
}

std::vector<HistoryEntry> LoadHistory(pqxx::work& txn, const std::string& shipment_id) {
  std::vector<HistoryEntry> history;
  for (const pqxx::row& r : txn.exec_prepared(kLoadHistory, shipment_id)) {
    history.push_back({.at = TimeOf(r[0]),
                       .from_status = r[1].is_null()
                                          ? std::nullopt
                                          : std::optional<ShipmentStatus>(StatusOf(r[1])),
                       .to_status = StatusOf(r[2]),
                       .note = OptionalText(r[3]),
                       .by_user = OptionalText(r[4]),
                       .by_role = r[5].as<std::string>(),
                       .version = r[6].as<std::int64_t>()});
  }
  return history;
}

std::optional<LastMove> LastMoveOf(pqxx::work& txn, const std::string& shipment_id) {
  const pqxx::result result = txn.exec_prepared(kLastMove, shipment_id);
  if (result.empty()) {
    return std::nullopt;
  }
  return LastMove{.by_user = OptionalText(result[0][0]), .to_status = StatusOf(result[0][1])};
}

std::vector<Shipment> ListShipments(pqxx::work& txn, std::optional<ShipmentStatus> status,
                                    const std::optional<http::PagePosition>& after, int limit) {
  pqxx::result result;
  if (status) {
    const std::string name(StatusName(*status));
    result = after ? txn.exec_prepared(kListStatusAfter, name, limit,
                                       static_cast<long long>(after->created_us), after->id)
                   : txn.exec_prepared(kListStatusFirst, name, limit);
  } else {
    result = after ? txn.exec_prepared(kListAfter, limit, static_cast<long long>(after->created_us),
                                       after->id)
                   : txn.exec_prepared(kListFirst, limit);
  }
  std::vector<Shipment> shipments;
  for (const pqxx::row& r : result) {
    shipments.push_back(ToShipment(r));
  }
  return shipments;
}

http::PagePosition PositionOf(const Shipment& shipment) {
  return {.created_us = std::chrono::duration_cast<std::chrono::microseconds>(
                            shipment.created_at.time_since_epoch())
                            .count(),
          .id = shipment.id};
}

}  // namespace shop::delivery
