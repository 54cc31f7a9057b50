// order-service: orders and the saga that moves them from checkout to delivery (issue 12,
// docs/decisions/0026, 0027). Routes: api/order_routes.hpp. Consumers:
// consumers/checkout_intake.hpp (order.checkout-intake) and consumers/order_saga.hpp
// (order.saga). Deadlines: tasks/deadline_scanner.hpp. Live status over a WebSocket:
// api/live_route.hpp, live/live_status.hpp.
#include "order/api/live_route.hpp"
#include "order/api/order_routes.hpp"
#include "order/consumers/checkout_intake.hpp"
#include "order/consumers/delivery_events.hpp"
#include "order/consumers/order_saga.hpp"
#include "order/live/live_status.hpp"
#include "order/migrations.hpp"
#include "order/store/order_store.hpp"
#include "order/store/order_transitions.hpp"
#include "order/tasks/deadline_scanner.hpp"
#include "platform/service/service_main.hpp"

namespace {

// The one writer of order changes, shared by the routes, the consumers and the scanner.
const shop::order::OrderTransitions& Transitions(shop::service::ServiceContext& context) {
  using shop::order::OrderTransitions;
  if (const OrderTransitions* kept = context.objects.Find<OrderTransitions>()) {
    return *kept;
  }
  return context.objects.Emplace<OrderTransitions>(
      shop::order::LoadDeadlineSettings(context.config));
}

}  // namespace

int main() {
  using namespace shop::order;
  return shop::service::RunService({
      .name = "order",
      .default_port = 8085,
      .migrations = Migrations(),
      .statements = OrderStatements(),
      .add_routes =
          [](shop::http::Router& router, shop::service::ServiceContext& context) {
            AddOrderRoutes(router, context, Transitions(context), context.Authenticator());
            AddLiveRoute(router, context, context.Authenticator(), LiveFeedOf(context),
                         LiveSocketSettings(context.config));
          },
      .background_tasks =
          [](shop::service::ServiceContext& context) {
            std::vector<std::unique_ptr<shop::service::BackgroundTask>> tasks;
            tasks.push_back(MakeCheckoutIntake(context, Transitions(context)));
            tasks.push_back(MakeOrderSaga(context, Transitions(context)));
            tasks.push_back(MakeDeliveryEvents(context, Transitions(context)));
            tasks.push_back(MakeDeadlineScanner(context, Transitions(context)));
            for (auto& task : MakeLiveStatusTasks(context)) {
              tasks.push_back(std::move(task));
            }
            return tasks;
          },
  });
}
