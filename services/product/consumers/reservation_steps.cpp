#include "product/consumers/reservation_steps.hpp"

#include <stdexcept>
#include <utility>

#include "product/store/product_store.hpp"
#include "product/store/reservation_store.hpp"

namespace shop::product {
namespace {

std::vector<std::string> ProductIds(const std::vector<StockLine>& lines) {
  std::vector<std::string> ids;
  ids.reserve(lines.size());
  for (const StockLine& line : lines) {
    ids.push_back(line.product_id);
  }
  return ids;
}

}  // namespace

StepResult ReserveStock(pqxx::work& txn, const std::string& order_id,
                        std::vector<StockLine> order_lines) {
  if (!ClaimReservation(txn, order_id, ReservationStatus::kReserved)) {
    return {};
  }
  StepResult result;
  result.lines = MergeLines(std::move(order_lines));
  result.shortages = FindShortages(result.lines, LockStock(txn, ProductIds(result.lines)));
  if (!result.shortages.empty()) {
    SetReservationStatus(txn, order_id, ReservationStatus::kRejected, kFirstReservationVersion);
    result.outcome = StepOutcome::kRejected;
    result.lines.clear();
    return result;
  }
  for (const StockLine& line : result.lines) {
    std::optional<Product> product = TakeStock(txn, line.product_id, line.quantity);
    if (!product) {  // the row is locked and was checked: a broken invariant
      throw std::logic_error("product " + line.product_id + " lost its locked stock");
    }
    result.changed.push_back(std::move(*product));
  }
  InsertReservationLines(txn, order_id, result.lines);
  result.outcome = StepOutcome::kReserved;
  return result;
}

StepResult ReleaseStock(pqxx::work& txn, const std::string& order_id) {
  std::optional<ReservationStatus> current = LockReservation(txn, order_id);
  if (OnCancellation(current) == CancellationStep::kRecordCancelled) {
    if (ClaimReservation(txn, order_id, ReservationStatus::kCancelled)) {
      return {.outcome = StepOutcome::kRecordedCancelled};
    }
    // The order's order.created committed a reservation since the first look.
    current = LockReservation(txn, order_id);
  }
  if (OnCancellation(current) != CancellationStep::kRelease) {
    return {};
  }
  StepResult result{.outcome = StepOutcome::kReleased, .lines = ReservationLines(txn, order_id)};
  for (const StockLine& line : result.lines) {
    if (std::optional<Product> product = ReturnStock(txn, line.product_id, line.quantity)) {
      result.changed.push_back(std::move(*product));
    }
  }
  SetReservationStatus(txn, order_id, ReservationStatus::kReleased, kReleasedReservationVersion);
  return result;
}

}  // namespace shop::product
