// order-service: orders and the saga that moves them from checkout to delivery (issue 12,
// docs/decisions/0026). Its routes and consumers follow; for now it migrates order_db.
#include "order/migrations.hpp"
#include "order/store/order_store.hpp"
#include "platform/service/service_main.hpp"

int main() {
  using namespace shop::order;
  return shop::service::RunService({
      .name = "order",
      .default_port = 8085,
      .migrations = Migrations(),
      .statements = OrderStatements(),
      .add_routes = [](shop::http::Router&, shop::service::ServiceContext&) {},
      .background_tasks = {},
  });
}
