#include "order/consumers/checkout_intake.hpp"

#include "order/consumers/order_consumer.hpp"
#include "platform/logging/log.hpp"

namespace shop::order {
namespace {

ShippingAddress AddressOf(const events::Address& address) {
  return {.name = address.name,
          .line1 = address.line1,
          .line2 = address.line2,
          .city = address.city,
          .postal_code = address.postal_code,
          .country = address.country};
}

void TakeCheckout(pqxx::work& txn, const OrderTransitions& transitions,
                  const events::CartCheckedOut& checkout, const events::CloudEvent& envelope) {
  const CheckoutOrder made = OrderFromCheckout(checkout);
  if (!made.order) {
    logging::Warn("checkout_not_orderable", {{"checkout_id", checkout.checkout_id},
                                             {"missing", made.missing},
                                             {"event_id", envelope.id}});
    return;
  }
  const std::optional<Order> created = transitions.Create(
      txn, *made.order,
      {.event_id = envelope.id, .traceparent = envelope.traceparent.value_or(""), .detail = {}});
  if (!created) {
    logging::Info("checkout_already_ordered",
                  {{"order_id", checkout.checkout_id}, {"event_id", envelope.id}});
  }
}

}  // namespace

CheckoutOrder OrderFromCheckout(const events::CartCheckedOut& checkout) {
  if (!checkout.shipping_address) {
    return {.order = std::nullopt, .missing = "shipping_address"};
  }
  if (!checkout.payment_token) {
    return {.order = std::nullopt, .missing = "payment_token"};
  }
  NewOrder order{.id = checkout.checkout_id,
                 .user_id = checkout.user_id,
                 .lines = {},
                 .subtotal = checkout.subtotal,
                 .discount = checkout.discount,
                 .total = checkout.total,
                 .promo_code = checkout.promo_code,
                 .shipping_address = AddressOf(*checkout.shipping_address),
                 .payment_token = *checkout.payment_token};
  for (const events::CheckoutLine& line : checkout.lines) {
    order.lines.push_back({.product_id = line.product_id,
                           .name = line.name,
                           .unit_price = line.unit_price,
                           .quantity = line.quantity,
                           .line_total = line.line_total,
                           .seller_id = line.seller_id});
  }
  return {.order = std::move(order), .missing = {}};
}

events::consumer::HandlerTable CheckoutIntakeHandlers(const OrderTransitions& transitions) {
  events::consumer::HandlerTable handlers;
  handlers.On<events::CartCheckedOut>([&transitions](pqxx::work& txn,
                                                     const events::CartCheckedOut& checkout,
                                                     const events::CloudEvent& envelope) {
    TakeCheckout(txn, transitions, checkout, envelope);
  });
  return handlers;
}

std::unique_ptr<service::BackgroundTask> MakeCheckoutIntake(service::ServiceContext& context,
                                                            const OrderTransitions& transitions) {
  return MakeOrderConsumer("checkout-intake", context, "SHOP_ORDER_INTAKE_GROUP",
                           kCheckoutIntakeGroup, CheckoutIntakeHandlers(transitions));
}

}  // namespace shop::order
