// category-service: owns the category tree. Routes: api/category_routes.hpp.
#include "category/api/category_routes.hpp"
#include "category/migrations.hpp"
#include "category/store/category_store.hpp"
#include "platform/service/service_main.hpp"

int main() {
  return shop::service::RunService({
      .name = "category",
      .default_port = 8082,
      .migrations = shop::category::Migrations(),
      .statements = shop::category::CategoryStatements(),
      .add_routes =
          [](shop::http::Router& router, shop::service::ServiceContext& context) {
            shop::category::AddCategoryRoutes(router, context, context.Authenticator());
          },
      .background_tasks = nullptr,  // category-service consumes no events
  });
}
