#pragma once
// Consumer group `order.checkout-intake`: each cart.checked_out becomes exactly one order
// (pending, version 1, order.created), its id the checkout id. A duplicated or replayed checkout
// finds its order and writes nothing (the inbox skips a redelivered ce_id; the primary key
// catches the same checkout under another ce_id).
//
// A checkout without a shipping address or a payment token (one written before the saga existed,
// docs/decisions/0027) cannot be paid or shipped: it makes no order, is logged
// (checkout_not_orderable) and counted as processed.

#include <memory>
#include <optional>
#include <string>

#include "events/catalog/cart_events.hpp"
#include "events/consumer/handler_table.hpp"
#include "order/domain/order.hpp"
#include "order/store/order_transitions.hpp"
#include "platform/service/background_task.hpp"
#include "platform/service/service_main.hpp"

namespace shop::order {

inline constexpr const char* kCheckoutIntakeGroup = "order.checkout-intake";

// The order `checkout` makes, or what it lacks to make one.
struct CheckoutOrder {
  std::optional<NewOrder> order;
  std::string missing;  // "shipping_address", "payment_token" when order is empty
};
CheckoutOrder OrderFromCheckout(const events::CartCheckedOut& checkout);

// `transitions` must outlive the table.
events::consumer::HandlerTable CheckoutIntakeHandlers(const OrderTransitions& transitions);

// Reads SHOP_KAFKA_BOOTSTRAP (required), SHOP_ORDER_INTAKE_GROUP (default order.checkout-intake;
// tests use their own group, with its .retry and .dlq topics) and SHOP_INBOX_RETENTION.
std::unique_ptr<service::BackgroundTask> MakeCheckoutIntake(service::ServiceContext& context,
                                                            const OrderTransitions& transitions);

}  // namespace shop::order
