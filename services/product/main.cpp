// product-service: owns the product catalogue. Routes: api/product_routes.hpp.
#include "platform/service/service_main.hpp"
#include "product/api/product_routes.hpp"
#include "product/consumers/category_sync.hpp"
#include "product/remote/category_directory.hpp"
#include "product/store/category_replica.hpp"
#include "product/store/product_store.hpp"

namespace {

std::vector<shop::db::PreparedStatement> AllStatements() {
  std::vector<shop::db::PreparedStatement> statements = shop::product::ProductStatements();
  const auto& replica = shop::product::CategoryReplicaStatements();
  statements.insert(statements.end(), replica.begin(), replica.end());
  return statements;
}

}  // namespace

int main() {
  // Asked when the categories replica misses (api/category_resolution.hpp); built with the
  // service's configuration and metrics, and lives as long as the routes.
  std::unique_ptr<shop::product::CategoryServiceClient> categories;
  std::unique_ptr<shop::auth::Authenticator> authenticator;
  return shop::service::RunService({
      .name = "product",
      .default_port = 8083,
      .migrations = shop::db::EmbeddedMigrations(),
      .statements = AllStatements(),
      .add_routes =
          [&categories, &authenticator](shop::http::Router& router,
                                        shop::service::ServiceContext& context) {
            categories = std::make_unique<shop::product::CategoryServiceClient>(
                shop::product::LoadCategoryDirectoryOptions(context.config), context.metrics);
            authenticator = std::make_unique<shop::auth::Authenticator>(
                shop::auth::Authenticator::FromEnv(context.config));
            shop::product::AddProductRoutes(router, context, *categories, *authenticator);
          },
      .background_tasks =
          [](shop::service::ServiceContext& context) {
            std::vector<std::unique_ptr<shop::service::BackgroundTask>> tasks;
            tasks.push_back(shop::product::MakeCategorySync(context));
            return tasks;
          },
  });
}
