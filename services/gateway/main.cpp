// gateway: one port in front of every service. Routes: routing/route_table.hpp (the prefixes),
// api/gateway_routes.hpp (what happens to each request); /health and /metrics from the platform.
#include "gateway/api/gateway_routes.hpp"
#include "gateway/config/gateway_config.hpp"
#include "platform/service/service_main.hpp"

int main() {
  return shop::service::RunHttpService({
      .name = "gateway",
      .default_port = 8080,
      // Each request holds a worker while its upstream answers (blocking, pooled connections).
      .default_workers = 32,
      .start_traces = true,
      .add_routes =
          [](shop::http::Router& router, shop::service::HttpServiceContext& context) {
            using namespace shop::gateway;
            RouteTable table = RouteTable::Default();
            GatewayConfig config = LoadGatewayConfig(context.config, table);
            auto& gateway = context.objects.Emplace<Gateway>(
                std::move(config), std::move(table), context.Authenticator(), context.metrics);
            gateway.AddRoutes(router);
            gateway.WarmUp();
          },
  });
}
