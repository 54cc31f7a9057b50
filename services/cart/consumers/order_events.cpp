#include "cart/consumers/order_events.hpp"

#include "cart/store/promo_store.hpp"
#include "events/catalog/order_events.hpp"
#include "events/consumer/consumer_task.hpp"

namespace shop::cart {
namespace {

void GiveBackPromoOfCancelledOrder(pqxx::work& txn, const events::OrderCancelled& order) {
  GiveBackPromoUse(txn, order.order_id);
}

}  // namespace

events::consumer::HandlerTable OrderEventsHandlers() {
  events::consumer::HandlerTable handlers;
  handlers.On<events::OrderCancelled>(GiveBackPromoOfCancelledOrder);
  return handlers;
}

std::unique_ptr<service::BackgroundTask> MakeOrderEvents(service::ServiceContext& context) {
  return events::consumer::MakeConsumerTask(
      "order-events",
      events::consumer::ConsumerOptionsFromEnv(context.config, "cart",
                                               "SHOP_CART_ORDER_EVENTS_GROUP", kOrderEventsGroup),
      OrderEventsHandlers(), context.pool, context.metrics);
}

}  // namespace shop::cart
