#pragma once
// The states of an order and the reasons of a cancellation (docs/decisions/0026), with their
// names as the database, the API and the events spell them.

#include <optional>
#include <string_view>

namespace shop::order {

enum class OrderStatus {
  kPending,        // created from the checkout; waits for the stock reservation
  kStockReserved,  // stock held; waits for the payment
  kPaid,           // charged (the same transaction confirms it)
  kConfirmed,
  kShipped,
  kDelivered,
  kCancelled,  // with a CancelReason; final
};

enum class CancelReason {
  kOutOfStock,       // stock.rejected
  kPaymentDeclined,  // payment.failed
  kPaymentTimeout,   // no payment answer before the payment deadline
  kStockTimeout,     // no stock answer before the stock deadline
  kCustomer,         // the owner cancelled
  kAdmin,            // an admin cancelled
};

std::string_view StatusName(OrderStatus status);  // "stock_reserved"
std::optional<OrderStatus> ParseStatus(std::string_view name);
std::string_view ReasonName(CancelReason reason);  // "out_of_stock"
std::optional<CancelReason> ParseReason(std::string_view name);

// The payment token is kept only while a payment may still be requested: an order in `status` has
// none (confirmed, cancelled, and the states after confirmed).
bool ClearsPaymentToken(OrderStatus status);

}  // namespace shop::order
