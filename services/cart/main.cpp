// cart-service: carts, wishlists and promo codes of each user, on replicas of users, categories
// and products fed by events; checkout starts the order saga, and cancelled orders give their
// promo use back (consumers/order_events.hpp). Routes: api/cart_routes.hpp.
#include "cart/api/cart_routes.hpp"
#include "cart/consumers/category_sync.hpp"
#include "cart/consumers/order_events.hpp"
#include "cart/consumers/product_sync.hpp"
#include "cart/consumers/user_sync.hpp"
#include "cart/migrations.hpp"
#include "cart/remote/product_directory.hpp"
#include "cart/store/idempotency_purge.hpp"
#include "cart/store/statements.hpp"
#include "platform/service/service_main.hpp"

int main() {
  using namespace shop::cart;
  return shop::service::RunService({
      .name = "cart",
      .default_port = 8084,
      .migrations = Migrations(),
      .statements = CartServiceStatements(),
      .add_routes =
          [](shop::http::Router& router, shop::service::ServiceContext& context) {
            // Asked when the products replica misses (api/product_resolution.hpp).
            auto& products = context.objects.Emplace<ProductServiceClient>(
                LoadProductDirectoryOptions(context.config), context.metrics);
            AddCartRoutes(router, context, products, context.Authenticator());
          },
      .background_tasks =
          [](shop::service::ServiceContext& context) {
            std::vector<std::unique_ptr<shop::service::BackgroundTask>> tasks;
            tasks.push_back(MakeUserSync(context));
            tasks.push_back(MakeProductSync(context));
            tasks.push_back(MakeCategorySync(context));
            tasks.push_back(MakeOrderEvents(context));
            tasks.push_back(MakeIdempotencyKeyPurge(context));
            return tasks;
          },
  });
}
