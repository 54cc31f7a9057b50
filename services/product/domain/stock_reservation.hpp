#pragma once
// Pure rules of an order's stock reservation (consumers/stock_reservation.hpp, docs/decisions/0026
// and 0029): one reservation per order, all lines or none, released at most once, whatever the
// order in which order.created and order.cancelled arrive.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace shop::product {

// reserved -> released is the only move after the first; the first status of an order is
// reserved or rejected (order.created seen first) or cancelled (order.cancelled seen first).
enum class ReservationStatus { kReserved, kReleased, kCancelled, kRejected };

// As stored and served: "reserved", "released", "cancelled", "rejected".
std::string_view ToString(ReservationStatus status);
// nullopt for any other text.
std::optional<ReservationStatus> ParseReservationStatus(std::string_view text);

// The reservation's version (what stock.* events carry): 1 when it is first written, 2 once
// released.
inline constexpr std::int64_t kFirstReservationVersion = 1;
inline constexpr std::int64_t kReleasedReservationVersion = 2;

// Units of one product.
struct StockLine {
  std::string product_id;
  std::int64_t quantity = 0;  // >= 1

  friend bool operator==(const StockLine&, const StockLine&) = default;
};

// A line the stock cannot serve: what the order asked for and what the product has (0 for a
// deleted product).
struct Shortage {
  std::string product_id;
  std::int64_t requested = 0;
  std::int64_t available = 0;

  friend bool operator==(const Shortage&, const Shortage&) = default;
};

// An order's lines as one line per product (the quantities of a repeated product summed), with
// ids in lower case, in id order (Postgres' order of uuids): the order in which a reservation
// locks and changes product rows, so two reservations never wait on each other in a cycle.
std::vector<StockLine> MergeLines(std::vector<StockLine> lines);

// The lines of `lines` (merged) that `available` (units in stock by product id; a product missing
// from it does not exist) cannot serve, in the same order. Empty: every line can be reserved.
std::vector<Shortage> FindShortages(const std::vector<StockLine>& lines,
                                    const std::map<std::string, std::int64_t>& available);

// What order.cancelled does to the order's reservation.
enum class CancellationStep {
  kRecordCancelled,  // none yet: a `cancelled` row, so a later order.created reserves nothing
  kRelease,          // reserved: give the units back, once
  kNothing,          // rejected (nothing taken), released or cancelled already
};
CancellationStep OnCancellation(const std::optional<ReservationStatus>& current);

}  // namespace shop::product
