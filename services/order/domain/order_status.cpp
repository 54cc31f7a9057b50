#include "order/domain/order_status.hpp"

#include <array>
#include <utility>

namespace shop::order {
namespace {

constexpr std::array<std::pair<OrderStatus, std::string_view>, 7> kStatuses{{
    {OrderStatus::kPending, "pending"},
    {OrderStatus::kStockReserved, "stock_reserved"},
    {OrderStatus::kPaid, "paid"},
    {OrderStatus::kConfirmed, "confirmed"},
    {OrderStatus::kShipped, "shipped"},
    {OrderStatus::kDelivered, "delivered"},
    {OrderStatus::kCancelled, "cancelled"},
}};

constexpr std::array<std::pair<CancelReason, std::string_view>, 6> kReasons{{
    {CancelReason::kOutOfStock, "out_of_stock"},
    {CancelReason::kPaymentDeclined, "payment_declined"},
    {CancelReason::kPaymentTimeout, "payment_timeout"},
    {CancelReason::kStockTimeout, "stock_timeout"},
    {CancelReason::kCustomer, "customer"},
    {CancelReason::kAdmin, "admin"},
}};

template <typename Enum, std::size_t N>
std::string_view NameOf(const std::array<std::pair<Enum, std::string_view>, N>& table, Enum value) {
  for (const auto& [candidate, name] : table) {
    if (candidate == value) {
      return name;
    }
  }
  return "unknown";
}

template <typename Enum, std::size_t N>
std::optional<Enum> ValueOf(const std::array<std::pair<Enum, std::string_view>, N>& table,
                            std::string_view name) {
  for (const auto& [value, candidate] : table) {
    if (candidate == name) {
      return value;
    }
  }
  return std::nullopt;
}

}  // namespace

std::string_view StatusName(OrderStatus status) { return NameOf(kStatuses, status); }
std::optional<OrderStatus> ParseStatus(std::string_view name) { return ValueOf(kStatuses, name); }
std::string_view ReasonName(CancelReason reason) { return NameOf(kReasons, reason); }
std::optional<CancelReason> ParseReason(std::string_view name) { return ValueOf(kReasons, name); }

bool ClearsPaymentToken(OrderStatus status) {
  return status != OrderStatus::kPending && status != OrderStatus::kStockReserved &&
         status != OrderStatus::kPaid;
}

}  // namespace shop::order
