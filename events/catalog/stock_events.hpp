#pragma once
// stock.reserved, stock.rejected, stock.released (schemas/events/stock.*/v1.json), produced by
// product-service's stock reservation (docs/decisions/0026-order-saga.md). The aggregate is the
// order's reservation; the key is the order id.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "events/catalog/event_type.hpp"

namespace shop::events {

// Units of one product held for (or given back by) an order.
struct StockLine {
  std::string product_id;
  std::int64_t quantity = 0;  // >= 1

  friend bool operator==(const StockLine&, const StockLine&) = default;
};

// An order's reservation: what stock.reserved and stock.released carry.
struct StockReservation {
  std::string order_id;
  std::vector<StockLine> lines;  // at least one
  std::int64_t version = 0;      // the reservation's: 1 when reserved, 2 when released

  friend bool operator==(const StockReservation&, const StockReservation&) = default;
};

struct StockReserved : StockReservation {
  static constexpr EventTypeInfo kType{"stock.reserved", "stock.reserved",
                                       "urn:shop:schema:stock.reserved:v1"};
  std::string AggregateId() const { return order_id; }
  std::string ToJson() const;
  static StockReserved FromJson(std::string_view data);
};

struct StockReleased : StockReservation {
  static constexpr EventTypeInfo kType{"stock.released", "stock.released",
                                       "urn:shop:schema:stock.released:v1"};
  std::string AggregateId() const { return order_id; }
  std::string ToJson() const;
  static StockReleased FromJson(std::string_view data);
};

// A product the order wanted more of than there was.
struct StockShortage {
  std::string product_id;
  std::int64_t requested = 0;  // >= 1
  std::int64_t available = 0;  // >= 0, less than requested

  friend bool operator==(const StockShortage&, const StockShortage&) = default;
};

// Nothing was reserved for the order: all its lines or none.
struct StockRejected {
  static constexpr EventTypeInfo kType{"stock.rejected", "stock.rejected",
                                       "urn:shop:schema:stock.rejected:v1"};
  std::string order_id;
  std::vector<StockShortage> shortages;  // at least one
  std::int64_t version = 0;              // 1

  std::string AggregateId() const { return order_id; }
  std::string ToJson() const;
  static StockRejected FromJson(std::string_view data);
  friend bool operator==(const StockRejected&, const StockRejected&) = default;
};

}  // namespace shop::events
