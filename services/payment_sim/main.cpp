// payment-provider-sim: a simulated payment provider with its own ledger, driven by test tokens
// (docs/decisions/0030). Routes: api/sim_routes.hpp.
#include "payment_sim/api/sim_routes.hpp"
#include "payment_sim/migrations.hpp"
#include "payment_sim/store/ledger.hpp"
#include "platform/service/service_main.hpp"

int main() {
  return shop::service::RunService({
      .name = "payment-provider-sim",
      .default_port = 8088,
      .migrations = shop::payment_sim::Migrations(),
      .statements = shop::payment_sim::LedgerStatements(),
      .add_routes =
          [](shop::http::Router& router, shop::service::ServiceContext& context) {
            shop::payment_sim::AddSimRoutes(router, context);
          },
      .background_tasks = nullptr,
  });
}
