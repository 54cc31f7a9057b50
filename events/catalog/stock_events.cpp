#include "events/catalog/stock_events.hpp"

#include <limits>

#include "events/catalog/payload_json.hpp"

namespace shop::events {
namespace {

constexpr std::int64_t kMaxUnits = std::numeric_limits<std::int64_t>::max();

std::string ReservationJson(const StockReservation& reservation) {
  nlohmann::json lines = nlohmann::json::array();
  for (const StockLine& line : reservation.lines) {
    lines.push_back({{"product_id", line.product_id}, {"quantity", line.quantity}});
  }
  return nlohmann::json{{"order_id", reservation.order_id},
                        {"lines", std::move(lines)},
                        {"version", reservation.version}}
      .dump();
}

StockReservation ReadReservation(std::string_view data, std::string_view type) {
  const PayloadReader reader(data, std::string(type) + " data");
  StockReservation reservation{
      .order_id = reader.Uuid("order_id"), .lines = {}, .version = reader.Version()};
  reader.ForEachObject("lines", 1, [&reservation](const PayloadReader& line) {
    reservation.lines.push_back({.product_id = line.Uuid("product_id"),
                                 .quantity = line.Integer("quantity", 1, kMaxUnits)});
  });
  return reservation;
}

}  // namespace

std::string StockReserved::ToJson() const { return ReservationJson(*this); }
StockReserved StockReserved::FromJson(std::string_view data) {
  return {ReadReservation(data, kType.type)};
}

std::string StockReleased::ToJson() const { return ReservationJson(*this); }
StockReleased StockReleased::FromJson(std::string_view data) {
  return {ReadReservation(data, kType.type)};
}

std::string StockRejected::ToJson() const {
  nlohmann::json json_shortages = nlohmann::json::array();
  for (const StockShortage& shortage : shortages) {
    json_shortages.push_back({{"product_id", shortage.product_id},
                              {"requested", shortage.requested},
                              {"available", shortage.available}});
  }
  return nlohmann::json{
      {"order_id", order_id}, {"shortages", std::move(json_shortages)}, {"version", version}}
      .dump();
}

StockRejected StockRejected::FromJson(std::string_view data) {
  const PayloadReader reader(data, std::string(kType.type) + " data");
  StockRejected rejected{
      .order_id = reader.Uuid("order_id"), .shortages = {}, .version = reader.Version()};
  reader.ForEachObject("shortages", 1, [&rejected](const PayloadReader& shortage) {
    rejected.shortages.push_back({.product_id = shortage.Uuid("product_id"),
                                  .requested = shortage.Integer("requested", 1, kMaxUnits),
                                  .available = shortage.NonNegativeInteger("available")});
  });
  return rejected;
}

}  // namespace shop::events
