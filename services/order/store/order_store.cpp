#include "order/store/order_store.hpp"

#include <stdexcept>

#include "order/domain/order_json.hpp"
#include "order/store/live_timeline.hpp"

namespace shop::order {
namespace {

constexpr const char* kInsert = "order_insert";
constexpr const char* kInsertLines = "order_insert_lines";
constexpr const char* kFind = "order_find";
constexpr const char* kLock = "order_lock";
constexpr const char* kLockPastDeadline = "order_lock_past_deadline";
constexpr const char* kCountPastDeadline = "order_count_past_deadline";
constexpr const char* kUpdateState = "order_update_state";
constexpr const char* kClearDeadline = "order_clear_deadline";
constexpr const char* kAppendTimeline = "order_timeline_append";
constexpr const char* kLoadTimeline = "order_timeline_load";
constexpr const char* kListFirst = "order_list_first";
constexpr const char* kListAfter = "order_list_after";
constexpr const char* kSalesFirst = "order_sales_first";
constexpr const char* kSalesAfter = "order_sales_after";
constexpr const char* kRecordShipmentStep = "order_record_shipment_step";

// Timestamps travel as microseconds since the epoch, exact both ways.
std::string Micros(const std::string& column) {
  return "(extract(epoch FROM " + column + ") * 1000000)::bigint";
}

// The columns ToOrder reads, in its order.
std::string OrderColumns() {
  return "id::text, user_id::text, status, cancel_reason, lines::text, subtotal::text, "
         "discount::text, total::text, promo_code, shipping_address::text, payment_token, "
         "traceparent, version, " +
         Micros("created_at") + ", " + Micros("updated_at") + ", " + Micros("deadline_at");
}

std::string SelectOrder() { return "SELECT " + OrderColumns(); }

// Keyset condition: rows after the cursor ($3 microseconds, $4 id) in (created, id) descending
// order.
std::string After(const std::string& created, const std::string& id) {
  return "(" + created + ", " + id +
         ") < ('epoch'::timestamptz + $3::bigint * interval '1 microsecond', $4::uuid)";
}

Time TimeOf(const pqxx::field& field) {
  return Time(std::chrono::microseconds(field.as<long long>()));
}

std::optional<std::string> OptionalText(const pqxx::field& field) {
  return field.is_null() ? std::nullopt : std::optional<std::string>(field.as<std::string>());
}

OrderStatus StatusOf(const pqxx::field& field) {
  const std::optional<OrderStatus> status = ParseStatus(field.as<std::string>());
  if (!status) {
    throw std::runtime_error("unknown order status in the database: " + field.as<std::string>());
  }
  return *status;
}

std::optional<CancelReason> ReasonOf(const pqxx::field& field) {
  if (field.is_null()) {
    return std::nullopt;
  }
  const std::optional<CancelReason> reason = ParseReason(field.as<std::string>());
  if (!reason) {
    throw std::runtime_error("unknown cancel reason in the database: " + field.as<std::string>());
  }
  return reason;
}

Order ToOrder(const pqxx::row& r) {
  return {.id = r[0].as<std::string>(),
          .user_id = r[1].as<std::string>(),
          .status = StatusOf(r[2]),
          .cancel_reason = ReasonOf(r[3]),
          .lines = LinesFromJson(nlohmann::json::parse(r[4].as<std::string>())),
          .subtotal = r[5].as<std::string>(),
          .discount = r[6].as<std::string>(),
          .total = r[7].as<std::string>(),
          .promo_code = OptionalText(r[8]),
          .shipping_address = AddressFromJson(nlohmann::json::parse(r[9].as<std::string>())),
          .payment_token = OptionalText(r[10]),
          .traceparent = r[11].as<std::string>(),
          .version = r[12].as<std::int64_t>(),
          .created_at = TimeOf(r[13]),
          .updated_at = TimeOf(r[14]),
          .deadline_at = r[15].is_null() ? std::nullopt : std::optional<Time>(TimeOf(r[15]))};
}

std::optional<Order> OneOrder(const pqxx::result& result) {
  if (result.empty()) {
    return std::nullopt;
  }
  return ToOrder(result[0]);
}

std::vector<Order> Orders(const pqxx::result& result) {
  std::vector<Order> orders;
  for (const pqxx::row& r : result) {
    orders.push_back(ToOrder(r));
  }
  return orders;
}

// The seller's orders of one page, then each order's lines of that seller.
std::string SalesSql(const std::string& after) {
  return "WITH page AS (SELECT DISTINCT order_id, created_at FROM order_lines "
         "WHERE seller_id = $1::uuid " +
         after +
         " ORDER BY created_at DESC, order_id DESC LIMIT $2) "
         "SELECT o.id::text, o.status, o.cancel_reason, o.version, " +
         Micros("o.created_at") + ", " + Micros("o.updated_at") +
         ", l.product_id::text, l.name, l.unit_price::text, l.quantity, l.line_total::text, "
         "l.seller_id::text FROM page p JOIN orders o ON o.id = p.order_id "
         "JOIN order_lines l ON l.order_id = p.order_id AND l.seller_id = $1::uuid "
         "ORDER BY p.created_at DESC, p.order_id DESC, l.line_no";
}

std::vector<Sale> Sales(const pqxx::result& result) {
  std::vector<Sale> sales;
  for (const pqxx::row& r : result) {
    const std::string order_id = r[0].as<std::string>();
    if (sales.empty() || sales.back().order_id != order_id) {
      sales.push_back({.order_id = order_id,
                       .status = StatusOf(r[1]),
                       .cancel_reason = ReasonOf(r[2]),
                       .version = r[3].as<std::int64_t>(),
                       .created_at = TimeOf(r[4]),
                       .updated_at = TimeOf(r[5]),
                       .lines = {}});
    }
    sales.back().lines.push_back({.product_id = r[6].as<std::string>(),
                                  .name = r[7].as<std::string>(),
                                  .unit_price = r[8].as<std::string>(),
                                  .quantity = r[9].as<std::int64_t>(),
                                  .line_total = r[10].as<std::string>(),
                                  .seller_id = OptionalText(r[11])});
  }
  return sales;
}

}  // namespace

const std::vector<db::PreparedStatement>& OrderStatements() {
  static const std::vector<db::PreparedStatement> statements = [] {
    std::vector<db::PreparedStatement> all = {
        {kInsert,
         "INSERT INTO orders (id, user_id, status, lines, subtotal, discount, total, promo_code, "
         "shipping_address, payment_token, traceparent, version, deadline_at) "
         "VALUES ($1::uuid, $2::uuid, 'pending', $3::jsonb, $4::numeric, $5::numeric, $6::numeric, "
         "NULLIF($7, ''), $8::jsonb, $9, $10, 1, now() + $11::bigint * interval '1 millisecond') "
         "ON CONFLICT (id) DO NOTHING RETURNING " +
             OrderColumns()},
        {kInsertLines,
         "INSERT INTO order_lines (order_id, line_no, product_id, seller_id, name, unit_price, "
         "quantity, line_total, created_at) "
         "SELECT o.id, l.n, (l.v->>'product_id')::uuid, (l.v->>'seller_id')::uuid, l.v->>'name', "
         "(l.v->>'unit_price')::numeric, (l.v->>'quantity')::integer, "
         "(l.v->>'line_total')::numeric, o.created_at "
         "FROM orders o, jsonb_array_elements(o.lines) WITH ORDINALITY AS l(v, n) "
         "WHERE o.id = $1::uuid"},
        {kFind, SelectOrder() + " FROM orders WHERE id = $1::uuid"},
        {kLock, SelectOrder() + " FROM orders WHERE id = $1::uuid FOR UPDATE"},
        {kLockPastDeadline, SelectOrder() +
                                " FROM orders WHERE deadline_at <= now() ORDER BY deadline_at "
                                "LIMIT $1 FOR UPDATE SKIP LOCKED"},
        {kCountPastDeadline,
         "SELECT count(*), COALESCE(EXTRACT(EPOCH FROM now() - min(deadline_at)), 0)::float8 "
         "FROM orders WHERE deadline_at <= now()"},
        {kUpdateState,
         "UPDATE orders SET status = $2, cancel_reason = NULLIF($3, ''), version = $4, "
         "updated_at = now(), "
         "deadline_at = now() + NULLIF($5, '')::bigint * interval '1 millisecond', "
         "payment_token = CASE WHEN $6 THEN NULL ELSE payment_token END "
         "WHERE id = $1::uuid AND version = $4 - 1 RETURNING " +
             OrderColumns()},
        {kClearDeadline, "UPDATE orders SET deadline_at = NULL WHERE id = $1::uuid"},
        {kAppendTimeline,
         "INSERT INTO order_timeline (order_id, from_status, to_status, version, cause, detail, "
         "event_id) VALUES ($1::uuid, NULLIF($2, ''), $3, $4, $5, $6, NULLIF($7, '')::uuid)"},
        {kLoadTimeline, "SELECT " + Micros("at") +
                            ", from_status, to_status, version, cause, detail "
                            "FROM order_timeline WHERE order_id = $1::uuid ORDER BY id"},
        {kListFirst, SelectOrder() + " FROM orders WHERE user_id = $1::uuid "
                                     "ORDER BY created_at DESC, id DESC LIMIT $2"},
        {kListAfter, SelectOrder() + " FROM orders WHERE user_id = $1::uuid AND " +
                         After("created_at", "id") + " ORDER BY created_at DESC, id DESC LIMIT $2"},
        {kSalesFirst, SalesSql("")},
        {kSalesAfter, SalesSql("AND " + After("created_at", "order_id"))},
        {kRecordShipmentStep,
         "INSERT INTO order_shipment_steps (order_id, shipment_version, status, event_id) "
         "VALUES ($1::uuid, $2, $3, $4::uuid) ON CONFLICT DO NOTHING RETURNING order_id"},
    };
    const auto& live = LiveTimelineStatements();
    all.insert(all.end(), live.begin(), live.end());
    return all;
  }();
  return statements;
}

std::optional<Order> InsertOrder(pqxx::work& txn, const NewOrder& order,
                                 const std::string& traceparent,
                                 std::chrono::milliseconds stock_deadline) {
  std::optional<Order> created = OneOrder(
      txn.exec_prepared(kInsert, order.id, order.user_id, LinesJson(order.lines).dump(),
                        order.subtotal, order.discount, order.total, order.promo_code.value_or(""),
                        AddressJson(order.shipping_address).dump(), order.payment_token,
                        traceparent, static_cast<long long>(stock_deadline.count())));
  if (created) {
    txn.exec_prepared(kInsertLines, order.id);
  }
  return created;
}

std::optional<Order> FindOrder(pqxx::work& txn, const std::string& id) {
  return OneOrder(txn.exec_prepared(kFind, id));
}

std::optional<Order> LockOrder(pqxx::work& txn, const std::string& id) {
  return OneOrder(txn.exec_prepared(kLock, id));
}

std::vector<Order> LockOrdersPastDeadline(pqxx::work& txn, int limit) {
  return Orders(txn.exec_prepared(kLockPastDeadline, limit));
}

OverdueOrders CountOrdersPastDeadline(pqxx::work& txn) {
  const pqxx::row row = txn.exec_prepared1(kCountPastDeadline);
  return {.count = row[0].as<long long>(), .oldest_seconds = row[1].as<double>()};
}

Order UpdateOrderState(pqxx::work& txn, const std::string& id, const StateChange& change) {
  const std::string reason =
      change.cancel_reason ? std::string(ReasonName(*change.cancel_reason)) : std::string();
  const std::string deadline =
      change.deadline ? std::to_string(change.deadline->count()) : std::string();
  std::optional<Order> updated =
      OneOrder(txn.exec_prepared(kUpdateState, id, std::string(StatusName(change.status)), reason,
                                 change.version, deadline, change.clear_payment_token));
  if (!updated) {
    throw std::logic_error("order " + id + " is not at version " +
                           std::to_string(change.version - 1) + " (changed without its lock?)");
  }
  return *updated;
}

void ClearDeadline(pqxx::work& txn, const std::string& id) {
  txn.exec_prepared(kClearDeadline, id);
}

void AppendTimeline(pqxx::work& txn, const NewTimelineEntry& entry) {
  txn.exec_prepared(kAppendTimeline, entry.order_id,
                    entry.from_status ? std::string(StatusName(*entry.from_status)) : std::string(),
                    std::string(StatusName(entry.to_status)), entry.version, entry.cause,
                    entry.detail, entry.event_id.value_or(""));
}

std::vector<TimelineEntry> LoadTimeline(pqxx::work& txn, const std::string& order_id) {
  std::vector<TimelineEntry> entries;
  for (const pqxx::row& r : txn.exec_prepared(kLoadTimeline, order_id)) {
    entries.push_back(
        {.at = TimeOf(r[0]),
         .from_status = r[1].is_null() ? std::nullopt : std::optional<OrderStatus>(StatusOf(r[1])),
         .to_status = StatusOf(r[2]),
         .version = r[3].as<std::int64_t>(),
         .cause = r[4].as<std::string>(),
         .detail = r[5].as<std::string>()});
  }
  return entries;
}

std::vector<Order> ListOrdersOfUser(pqxx::work& txn, const std::string& user_id,
                                    const std::optional<PagePosition>& after, int limit) {
  if (!after) {
    return Orders(txn.exec_prepared(kListFirst, user_id, limit));
  }
  return Orders(txn.exec_prepared(kListAfter, user_id, limit,
                                  static_cast<long long>(after->created_us), after->id));
}

std::vector<Sale> ListSales(pqxx::work& txn, const std::string& seller_id,
                            const std::optional<PagePosition>& after, int limit) {
  if (!after) {
    return Sales(txn.exec_prepared(kSalesFirst, seller_id, limit));
  }
  return Sales(txn.exec_prepared(kSalesAfter, seller_id, limit,
                                 static_cast<long long>(after->created_us), after->id));
}

bool RecordShipmentStep(pqxx::work& txn, const std::string& order_id, std::int64_t shipment_version,
                        const std::string& status, const std::string& event_id) {
  return !txn.exec_prepared(kRecordShipmentStep, order_id, shipment_version, status, event_id)
              .empty();
}

PagePosition PositionOf(const std::string& id, Time created_at) {
  return {.created_us =
              std::chrono::duration_cast<std::chrono::microseconds>(created_at.time_since_epoch())
                  .count(),
          .id = id};
}

}  // namespace shop::order
