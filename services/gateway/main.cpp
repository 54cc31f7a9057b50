// gateway: one port in front of every service. Routes: routing/route_table.hpp (the prefixes),
// api/gateway_routes.hpp (what happens to each request); /health and /metrics from the platform.
#include "gateway/api/gateway_routes.hpp"
#include "gateway/config/gateway_config.hpp"
#include "platform/service/service_main.hpp"

int main() {
  // Declared before RunHttpService: it must outlive the metrics registry, which calls into it.
  std::unique_ptr<shop::gateway::Gateway> gateway;
  return shop::service::RunHttpService({
      .name = "gateway",
      .default_port = 8080,
      // Each request holds a worker while its upstream answers (blocking, pooled connections).
      .default_workers = 32,
      .start_traces = true,
      .add_routes =
          [&gateway](shop::http::Router& router, shop::service::HttpServiceContext& context) {
            using namespace shop::gateway;
            RouteTable table = RouteTable::Default();
            GatewayConfig config = LoadGatewayConfig(context.config, table);
            gateway =
                std::make_unique<Gateway>(std::move(config), std::move(table),
                                          std::make_unique<shop::auth::Authenticator>(
                                              shop::auth::Authenticator::FromEnv(context.config)),
                                          context.metrics);
            gateway->AddRoutes(router);
            gateway->WarmUp();
          },
  });
}
