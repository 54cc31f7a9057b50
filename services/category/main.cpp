// category-service: owns the category tree. Routes: api/category_routes.hpp.
#include "category/api/category_routes.hpp"
#include "category/store/category_store.hpp"
#include "platform/service/service_main.hpp"

int main() {
  std::unique_ptr<shop::auth::Authenticator> authenticator;  // lives as long as the routes
  return shop::service::RunService({
      .name = "category",
      .default_port = 8082,
      .migrations = shop::db::EmbeddedMigrations(),
      .statements = shop::category::CategoryStatements(),
      .add_routes =
          [&authenticator](shop::http::Router& router, shop::service::ServiceContext& context) {
            authenticator = std::make_unique<shop::auth::Authenticator>(
                shop::auth::Authenticator::FromEnv(context.config));
            shop::category::AddCategoryRoutes(router, context, *authenticator);
          },
      .background_tasks = nullptr,  // category-service consumes no events
  });
}
