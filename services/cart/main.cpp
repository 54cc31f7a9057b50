// cart-service: carts, wishlists and promo codes of each user, on replicas of users, categories
// and products fed by events. Routes: api/cart_routes.hpp.
#include "cart/api/cart_routes.hpp"
#include "cart/consumers/category_sync.hpp"
#include "cart/consumers/product_sync.hpp"
#include "cart/consumers/user_sync.hpp"
#include "cart/remote/product_directory.hpp"
#include "cart/store/cart_store.hpp"
#include "cart/store/idempotency_purge.hpp"
#include "cart/store/promo_store.hpp"
#include "cart/store/replicas.hpp"
#include "platform/service/service_main.hpp"

namespace {

std::vector<shop::db::PreparedStatement> AllStatements() {
  std::vector<shop::db::PreparedStatement> statements;
  for (const auto* group : {&shop::cart::CartStatements(), &shop::cart::PromoStatements(),
                            &shop::cart::ReplicaStatements()}) {
    statements.insert(statements.end(), group->begin(), group->end());
  }
  return statements;
}

}  // namespace

int main() {
  // Asked when the products replica misses (api/product_resolution.hpp); built with the service's
  // configuration and metrics, and lives as long as the routes.
  std::unique_ptr<shop::cart::ProductServiceClient> products;
  std::unique_ptr<shop::auth::Authenticator> authenticator;
  return shop::service::RunService({
      .name = "cart",
      .default_port = 8084,
      .migrations = shop::db::EmbeddedMigrations(),
      .statements = AllStatements(),
      .add_routes =
          [&products, &authenticator](shop::http::Router& router,
                                      shop::service::ServiceContext& context) {
            products = std::make_unique<shop::cart::ProductServiceClient>(
                shop::cart::LoadProductDirectoryOptions(context.config), context.metrics);
            authenticator = std::make_unique<shop::auth::Authenticator>(
                shop::auth::Authenticator::FromEnv(context.config));
            shop::cart::AddCartRoutes(router, context, *products, *authenticator);
          },
      .background_tasks =
          [](shop::service::ServiceContext& context) {
            std::vector<std::unique_ptr<shop::service::BackgroundTask>> tasks;
            tasks.push_back(shop::cart::MakeUserSync(context));
            tasks.push_back(shop::cart::MakeProductSync(context));
            tasks.push_back(shop::cart::MakeCategorySync(context));
            tasks.push_back(shop::cart::MakeIdempotencyKeyPurge(context));
            return tasks;
          },
  });
}
