#include "product/domain/stock_reservation.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include "platform/text/ascii.hpp"

namespace shop::product {
namespace {

constexpr std::array<std::pair<ReservationStatus, std::string_view>, 4> kNames{{
    {ReservationStatus::kReserved, "reserved"},
    {ReservationStatus::kReleased, "released"},
    {ReservationStatus::kCancelled, "cancelled"},
    {ReservationStatus::kRejected, "rejected"},
}};

}  // namespace

std::string_view ToString(ReservationStatus status) {
  for (const auto& [value, name] : kNames) {
    if (value == status) {
      return name;
    }
  }
  return "unknown";
}

std::optional<ReservationStatus> ParseReservationStatus(std::string_view text) {
  for (const auto& [value, name] : kNames) {
    if (name == text) {
      return value;
    }
  }
  return std::nullopt;
}

std::vector<StockLine> MergeLines(std::vector<StockLine> lines) {
  std::map<std::string, std::int64_t> by_product;
  for (StockLine& line : lines) {
    by_product[text::ToLowerAscii(std::move(line.product_id))] += line.quantity;
  }
  std::vector<StockLine> merged;
  merged.reserve(by_product.size());
  for (auto& [product_id, quantity] : by_product) {
    merged.push_back({.product_id = product_id, .quantity = quantity});
  }
  return merged;
}

std::vector<Shortage> FindShortages(const std::vector<StockLine>& lines,
                                    const std::map<std::string, std::int64_t>& available) {
  std::vector<Shortage> shortages;
  for (const StockLine& line : lines) {
    const auto found = available.find(line.product_id);
    const std::int64_t units = found == available.end() ? 0 : found->second;
    if (units < line.quantity) {
      shortages.push_back(
          {.product_id = line.product_id, .requested = line.quantity, .available = units});
    }
  }
  return shortages;
}

CancellationStep OnCancellation(const std::optional<ReservationStatus>& current) {
  if (!current) {
    return CancellationStep::kRecordCancelled;
  }
  return *current == ReservationStatus::kReserved ? CancellationStep::kRelease
                                                  : CancellationStep::kNothing;
}

}  // namespace shop::product
