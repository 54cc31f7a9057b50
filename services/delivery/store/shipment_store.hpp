#pragma once
// SQL of shipments and their tracking history (migrations/V001). Functions take the caller's
// transaction; every statement is prepared once per pooled connection (DeliveryStatements()).
//
// Concurrency: the consumer's changes lock the shipment row (LockShipmentOfOrder); a courier's move
// is optimistic: UpdateStatus changes the row only while it still has the version the move was
// decided on, so a concurrent change (another courier, an order cancellation) makes it fail
// instead of being overwritten. The insert of a shipment and of a tombstone meet on the unique
// order_id: whichever commits second sees the first.

#include <chrono>
#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "delivery/domain/shipment_status.hpp"
#include "platform/db/pool.hpp"
#include "platform/http/page_cursor.hpp"

namespace shop::delivery {

using Time = std::chrono::system_clock::time_point;

struct Shipment {
  std::string id;
  std::string order_id;
  std::string user_id;
  ShipmentStatus status = ShipmentStatus::kLabelCreated;
  std::optional<std::string> tracking_number;  // none in a tombstone
  std::string traceparent;                     // the checkout's; "" when none
  std::optional<Time> order_cancelled_at;
  std::int64_t version = 1;
  Time created_at{};  // microsecond precision, as stored
  Time updated_at{};

  // Left by an order.cancelled that came before order.confirmed: no shipment to anyone.
  bool IsTombstone() const { return !tracking_number.has_value(); }
};

// Who wrote a history row.
enum class Actor { kCourier, kAdmin, kSystem };
std::string_view ActorName(Actor actor);  // "courier", "admin", "system"

struct HistoryEntry {
  Time at{};
  std::optional<ShipmentStatus> from_status;  // none for the creation
  ShipmentStatus to_status = ShipmentStatus::kLabelCreated;
  std::optional<std::string> note;
  std::optional<std::string> by_user;  // none for the service's own rows
  std::string by_role;                 // courier, admin or system
  std::int64_t version = 1;
};

const std::vector<db::PreparedStatement>& DeliveryStatements();

struct NewShipment {
  std::string order_id;
  std::string user_id;
  std::string tracking_number;
  std::string traceparent;
};
// A label_created shipment (version 1); nullopt when the order has a shipment or a tombstone
// already (nothing is written then).
std::optional<Shipment> InsertShipment(pqxx::work& txn, const NewShipment& shipment);
// A cancelled tombstone for an order without a shipment; true when inserted, false (nothing
// written) when the order has one.
bool InsertTombstone(pqxx::work& txn, const std::string& order_id, const std::string& user_id,
                     const std::string& traceparent);

std::optional<Shipment> FindShipmentOfOrder(pqxx::work& txn, const std::string& order_id);
// The order's shipment, locked FOR UPDATE until the transaction ends.
std::optional<Shipment> LockShipmentOfOrder(pqxx::work& txn, const std::string& order_id);

// Moves the shipment to `status` (version + 1, updated_at now) if its version is still
// `expected_version`, and sets order_cancelled_at with `order_cancelled`; the shipment after the
// change, or nullopt when its version had changed (nothing written).
std::optional<Shipment> UpdateStatus(pqxx::work& txn, const std::string& id, ShipmentStatus status,
                                     std::int64_t expected_version, bool order_cancelled);
// Sets order_cancelled_at unless set; true when this call set it.
bool MarkOrderCancelled(pqxx::work& txn, const std::string& id);

struct NewHistoryEntry {
  std::string shipment_id;
  std::optional<ShipmentStatus> from_status;
  ShipmentStatus to_status;
  std::optional<std::string> note;
  std::optional<std::string> by_user;
  Actor by = Actor::kSystem;
  std::int64_t version = 1;
};
void AppendHistory(pqxx::work& txn, const NewHistoryEntry& entry);
// Oldest first.
std::vector<HistoryEntry> LoadHistory(pqxx::work& txn, const std::string& shipment_id);

// The shipment's last move (a row that changed the status), for a retried request.
struct LastMove {
  std::optional<std::string> by_user;
  ShipmentStatus to_status = ShipmentStatus::kLabelCreated;
};
std::optional<LastMove> LastMoveOf(pqxx::work& txn, const std::string& shipment_id);

// Shipments (never tombstones) in `status` (every status when none), oldest first, after `after`
// (the previous page's last), at most `limit`.
std::vector<Shipment> ListShipments(pqxx::work& txn, std::optional<ShipmentStatus> status,
                                    const std::optional<http::PagePosition>& after, int limit);
http::PagePosition PositionOf(const Shipment& shipment);

}  // namespace shop::delivery
