#pragma once
// The order's state machine (docs/decisions/0026), pure: what an input does to an order in a given
// state. Every input gets a decision; none is applied blindly.
//
//   pending -> stock_reserved -> paid -> confirmed -> shipped -> delivered
//      \_____________\____________\________\___> cancelled(reason)   (any state before shipped)
//
// shipped and delivered follow delivery-service's tracking steps (docs/decisions/0034): the
// parcel's first move after its label (picked_up, or any later step if that one was lost) ships a
// confirmed order, delivered delivers it (shipping it first when needed). The other tracking
// events are timeline notes.
//
// An input that fits the state is applied: one or more steps, each one version more, each with
// the event it emits. One that does not fit is ignored (stale or duplicate: a saga event that
// arrives late or twice, a repeated request), with the reason for the timeline and the log; or,
// for a request no state change can honour (ship a cancelled order), refused (HTTP 409).
// Compensation is never the order's job: a stock.reserved or payment.succeeded that arrives after
// a cancellation needs nothing, because product-service and payment-service undo their own step
// when they consume order.cancelled.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "order/domain/order_status.hpp"

namespace shop::order {

enum class OrderInput {
  kStockReserved,      // stock.reserved
  kStockRejected,      // stock.rejected
  kPaymentSucceeded,   // payment.succeeded
  kPaymentFailed,      // payment.failed
  kStockReleased,      // stock.released: product gave the stock back (after a cancellation)
  kPaymentRefunded,    // payment.refunded: payment paid it back (after a cancellation)
  kCustomerCancel,     // POST /orders/{id}/cancel by the owner
  kAdminCancel,        // POST /orders/{id}/cancel by an admin
  kShipmentCreated,    // delivery.shipment_created: a label for the confirmed order
  kParcelMoved,        // delivery.status_changed to picked_up, in_transit, out_for_delivery,
                       // failed_attempt or returned
  kParcelDelivered,    // delivery.status_changed to delivered
  kShipmentCancelled,  // delivery.cancelled: the order's cancellation stopped the shipment
  kDeadlinePassed,     // the deadline scanner: the waiting state's deadline passed
};

// The cause written to the timeline: the event type ("stock.reserved") or who acted ("customer",
// "admin", "deadline"). kParcelMoved and kParcelDelivered are both "delivery.status_changed".
std::string_view InputName(OrderInput input);

// The events a step writes to the outbox (order.created is written by the intake, not by a step).
enum class OrderEvent { kPaymentRequested, kConfirmed, kCancelled, kShipped, kDelivered };

struct OrderStep {
  OrderStatus to;
  std::optional<CancelReason> cancel_reason{};  // set exactly when `to` is cancelled
  std::optional<OrderEvent> emits{};

  friend bool operator==(const OrderStep&, const OrderStep&) = default;
};

struct Decision {
  enum class Kind {
    kApply,   // `steps`, in order
    kNote,    // nothing changes, but the timeline records the input (stock released, refund, a
              // tracking step: `note` empty, the step is the timeline's detail)
    kIgnore,  // stale or duplicate: nothing changes; `note` says why
    kRefuse,  // the request cannot be honoured in this state (HTTP 409); `note` says why
  };
  Kind kind;
  std::vector<OrderStep> steps{};
  std::string note{};
};

Decision Decide(OrderStatus current, OrderInput input);

// Which deadline an order waiting in `status` has: the stock step's (pending), the payment's
// (stock_reserved), or none.
enum class Deadline { kStock, kPayment };
std::optional<Deadline> DeadlineOf(OrderStatus status);

}  // namespace shop::order
