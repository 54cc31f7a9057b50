#include "order/domain/order_machine.hpp"

#include <utility>

namespace shop::order {
namespace {

using Kind = Decision::Kind;

Decision Apply(std::vector<OrderStep> steps) {
  return {.kind = Kind::kApply, .steps = std::move(steps)};
}
Decision Ignore(std::string note) { return {.kind = Kind::kIgnore, .note = std::move(note)}; }
Decision Refuse(std::string note) { return {.kind = Kind::kRefuse, .note = std::move(note)}; }
// A tracking step for the timeline; the step itself is the entry's detail.
Decision Track() { return {.kind = Kind::kNote}; }

// The parcel of an order cancelled too late (delivery-service had it picked up already).
constexpr const char* kMovingAfterCancel =
    "the order is cancelled but its parcel was picked up; see docs/runbooks/delivery.md";

Decision Cancel(CancelReason reason) {
  return Apply(
      {{.to = OrderStatus::kCancelled, .cancel_reason = reason, .emits = OrderEvent::kCancelled}});
}

bool PastPayment(OrderStatus s) {
  return s == OrderStatus::kPaid || s == OrderStatus::kConfirmed || s == OrderStatus::kShipped ||
         s == OrderStatus::kDelivered;
}

Decision OnStockReserved(OrderStatus current) {
  switch (current) {
    case OrderStatus::kPending:
      return Apply({{.to = OrderStatus::kStockReserved, .emits = OrderEvent::kPaymentRequested}});
    case OrderStatus::kStockReserved:
      return Ignore("duplicate: the stock is already reserved");
    case OrderStatus::kCancelled:
      return Ignore(
          "the order is cancelled; product-service releases the stock on order.cancelled");
    default:
      return Ignore("stale: the order is past the stock step");
  }
}

Decision OnStockRejected(OrderStatus current) {
  switch (current) {
    case OrderStatus::kPending:
      return Cancel(CancelReason::kOutOfStock);
    case OrderStatus::kCancelled:
      return Ignore("the order is already cancelled");
    default:
      return Ignore("stale: the stock was already reserved for the order");
  }
}

Decision OnPaymentSucceeded(OrderStatus current) {
  if (current == OrderStatus::kStockReserved) {
    return Apply({{.to = OrderStatus::kPaid},
                  {.to = OrderStatus::kConfirmed, .emits = OrderEvent::kConfirmed}});
  }
  if (current == OrderStatus::kCancelled) {
    return Ignore("the order is cancelled; payment-service refunds on order.cancelled");
  }
  if (PastPayment(current)) {
    return Ignore("duplicate: the order is already paid");
  }
  return Ignore("stale: no payment was requested for the order yet");
}

Decision OnPaymentFailed(OrderStatus current) {
  if (current == OrderStatus::kStockReserved) {
    return Cancel(CancelReason::kPaymentDeclined);
  }
  if (current == OrderStatus::kCancelled) {
    return Ignore("the order is already cancelled");
  }
  if (PastPayment(current)) {
    return Ignore("stale: the order is already paid");
  }
  return Ignore("stale: no payment was requested for the order yet");
}

Decision OnCancel(OrderStatus current, CancelReason reason) {
  switch (current) {
    case OrderStatus::kCancelled:
      return Ignore("the order is already cancelled");
    case OrderStatus::kShipped:
    case OrderStatus::kDelivered:
      return Refuse("the order has shipped; it can no longer be cancelled");
    default:
      return Cancel(reason);
  }
}

// A tracking step that is not the delivery: the parcel is on its way.
Decision OnParcelMoved(OrderStatus current) {
  switch (current) {
    case OrderStatus::kConfirmed:
      return Apply({{.to = OrderStatus::kShipped, .emits = OrderEvent::kShipped}});
    case OrderStatus::kShipped:
      return Track();
    case OrderStatus::kDelivered:
      return Ignore("stale: the order is already delivered");
    case OrderStatus::kCancelled:
      return Ignore(kMovingAfterCancel);
    default:
      return Ignore("stale: the order is not confirmed yet");
  }
}

Decision OnParcelDelivered(OrderStatus current) {
  switch (current) {
    case OrderStatus::kConfirmed:  // the pickup's event was lost (dead-lettered): ship it too
      return Apply({{.to = OrderStatus::kShipped, .emits = OrderEvent::kShipped},
                    {.to = OrderStatus::kDelivered, .emits = OrderEvent::kDelivered}});
    case OrderStatus::kShipped:
      return Apply({{.to = OrderStatus::kDelivered, .emits = OrderEvent::kDelivered}});
    case OrderStatus::kDelivered:
      return Ignore("duplicate: the order is already delivered");
    case OrderStatus::kCancelled:
      return Ignore(kMovingAfterCancel);
    default:
      return Ignore("stale: the order is not confirmed yet");
  }
}

Decision OnDeadline(OrderStatus current) {
  switch (current) {
    case OrderStatus::kPending:
      return Cancel(CancelReason::kStockTimeout);
    case OrderStatus::kStockReserved:
      return Cancel(CancelReason::kPaymentTimeout);
    default:
      return Ignore("stale: the order no longer waits for a deadline");
  }
}

}  // namespace

std::string_view InputName(OrderInput input) {
  switch (input) {
    case OrderInput::kStockReserved:
      return "stock.reserved";
    case OrderInput::kStockRejected:
      return "stock.rejected";
    case OrderInput::kPaymentSucceeded:
      return "payment.succeeded";
    case OrderInput::kPaymentFailed:
      return "payment.failed";
    case OrderInput::kStockReleased:
      return "stock.released";
    case OrderInput::kPaymentRefunded:
      return "payment.refunded";
    case OrderInput::kCustomerCancel:
      return "customer";
    case OrderInput::kAdminCancel:
      return "admin";
    case OrderInput::kShipmentCreated:
      return "delivery.shipment_created";
    case OrderInput::kParcelMoved:
    case OrderInput::kParcelDelivered:
      return "delivery.status_changed";
    case OrderInput::kShipmentCancelled:
      return "delivery.cancelled";
    case OrderInput::kDeadlinePassed:
      return "deadline";
  }
  return "unknown";
}

Decision Decide(OrderStatus current, OrderInput input) {
  switch (input) {
    case OrderInput::kStockReserved:
      return OnStockReserved(current);
    case OrderInput::kStockRejected:
      return OnStockRejected(current);
    case OrderInput::kPaymentSucceeded:
      return OnPaymentSucceeded(current);
    case OrderInput::kPaymentFailed:
      return OnPaymentFailed(current);
    case OrderInput::kStockReleased:
      return {.kind = Kind::kNote, .note = "the reserved stock was released"};
    case OrderInput::kPaymentRefunded:
      return {.kind = Kind::kNote, .note = "the payment was refunded"};
    case OrderInput::kCustomerCancel:
      return OnCancel(current, CancelReason::kCustomer);
    case OrderInput::kAdminCancel:
      return OnCancel(current, CancelReason::kAdmin);
    case OrderInput::kShipmentCreated:
    case OrderInput::kShipmentCancelled:
      return Track();
    case OrderInput::kParcelMoved:
      return OnParcelMoved(current);
    case OrderInput::kParcelDelivered:
      return OnParcelDelivered(current);
    case OrderInput::kDeadlinePassed:
      return OnDeadline(current);
  }
  return Ignore("unknown input");
}

std::optional<Deadline> DeadlineOf(OrderStatus status) {
  if (status == OrderStatus::kPending) {
    return Deadline::kStock;
  }
  if (status == OrderStatus::kStockReserved) {
    return Deadline::kPayment;
  }
  return std::nullopt;
}

}  // namespace shop::order
