#include "order/store/order_outbox.hpp"

#include <stdexcept>

#include "events/catalog/order_events.hpp"

namespace shop::order {
namespace {

events::OrderState EventState(const Order& order) {
  std::vector<events::OrderLine> lines;
  for (const OrderLine& line : order.lines) {
    lines.push_back({.product_id = line.product_id,
                     .name = line.name,
                     .unit_price = line.unit_price,
                     .quantity = line.quantity,
                     .line_total = line.line_total,
                     .seller_id = line.seller_id});
  }
  const ShippingAddress& address = order.shipping_address;
  return {.order_id = order.id,
          .user_id = order.user_id,
          .status = std::string(StatusName(order.status)),
          .cancel_reason = order.cancel_reason
                               ? std::optional<std::string>(ReasonName(*order.cancel_reason))
                               : std::nullopt,
          .lines = std::move(lines),
          .subtotal = order.subtotal,
          .discount = order.discount,
          .total = order.total,
          .promo_code = order.promo_code,
          .shipping_address = {.name = address.name,
                               .line1 = address.line1,
                               .line2 = address.line2,
                               .city = address.city,
                               .postal_code = address.postal_code,
                               .country = address.country},
          .version = order.version};
}

events::OrderPaymentRequested PaymentRequest(const Order& order) {
  if (!order.payment_token) {
    throw std::logic_error("order " + order.id + " has no payment token to request a payment with");
  }
  return {.order_id = order.id,
          .user_id = order.user_id,
          .amount = order.total,
          .payment_token = *order.payment_token,
          .version = order.version};
}

}  // namespace

void AppendOrderCreated(pqxx::work& txn, const events::Outbox& outbox, const Order& order,
                        const std::string& traceparent) {
  outbox.Append(txn, events::OrderCreated{EventState(order)}, traceparent);
}

void AppendOrderEvent(pqxx::work& txn, const events::Outbox& outbox, OrderEvent event,
                      const Order& order, const std::string& traceparent) {
  switch (event) {
    case OrderEvent::kPaymentRequested:
      outbox.Append(txn, PaymentRequest(order), traceparent);
      return;
    case OrderEvent::kConfirmed:
      outbox.Append(txn, events::OrderConfirmed{EventState(order)}, traceparent);
      return;
    case OrderEvent::kCancelled:
      outbox.Append(txn, events::OrderCancelled{EventState(order)}, traceparent);
      return;
    case OrderEvent::kShipped:
      outbox.Append(txn, events::OrderShipped{EventState(order)}, traceparent);
      return;
    case OrderEvent::kDelivered:
      outbox.Append(txn, events::OrderDelivered{EventState(order)}, traceparent);
      return;
  }
}

}  // namespace shop::order
