// delivery-service: one shipment per confirmed order, moved by couriers and admins through the
// tracking steps (issue 13, docs/decisions/0034). Routes: api/delivery_routes.hpp; consumer group
// delivery.order-events: consumers/order_events.hpp; every change: store/shipment_transitions.hpp.
#include "delivery/api/delivery_routes.hpp"
#include "delivery/consumers/order_events.hpp"
#include "delivery/metrics/delivery_metrics.hpp"
#include "delivery/migrations.hpp"
#include "delivery/store/shipment_store.hpp"
#include "delivery/store/shipment_transitions.hpp"
#include "platform/service/service_main.hpp"

int main() {
  using namespace shop::delivery;
  return shop::service::RunService({
      .name = "delivery",
      .default_port = 8089,
      .migrations = Migrations(),
      .statements = DeliveryStatements(),
      .add_routes =
          [](shop::http::Router& router, shop::service::ServiceContext& context) {
            auto& metrics = context.objects.Emplace<DeliveryMetrics>(context.metrics);
            const auto& transitions = context.objects.Emplace<ShipmentTransitions>(metrics);
            AddDeliveryRoutes(router, context, transitions, context.Authenticator());
          },
      .background_tasks =
          [](shop::service::ServiceContext& context) {
            std::vector<std::unique_ptr<shop::service::BackgroundTask>> tasks;
            tasks.push_back(MakeOrderEventsConsumer(context,
                                                    context.objects.Get<ShipmentTransitions>(),
                                                    context.objects.Get<DeliveryMetrics>()));
            return tasks;
          },
  });
}
