// product-service: owns the product catalogue. Routes: api/product_routes.hpp.
#include "events/outbox_writer.hpp"
#include "platform/service/service_main.hpp"
#include "product/api/product_routes.hpp"
#include "product/api/reservation_routes.hpp"
#include "product/consumers/category_sync.hpp"
#include "product/consumers/stock_reservation.hpp"
#include "product/migrations.hpp"
#include "product/remote/category_directory.hpp"
#include "product/store/category_replica.hpp"
#include "product/store/product_store.hpp"
#include "product/store/reservation_store.hpp"

namespace {

std::vector<shop::db::PreparedStatement> AllStatements() {
  std::vector<shop::db::PreparedStatement> statements = shop::product::ProductStatements();
  for (const auto* more :
       {&shop::product::CategoryReplicaStatements(), &shop::product::ReservationStatements()}) {
    statements.insert(statements.end(), more->begin(), more->end());
  }
  // The product routes write their events with the prepared INSERT (events::Outbox::kPrepared).
  statements.push_back(
      {shop::events::kInsertOutboxStatement, std::string(shop::events::kInsertOutboxSql)});
  return statements;
}

}  // namespace

int main() {
  using namespace shop::product;
  return shop::service::RunService({
      .name = "product",
      .default_port = 8083,
      .migrations = Migrations(),
      .statements = AllStatements(),
      .add_routes =
          [](shop::http::Router& router, shop::service::ServiceContext& context) {
            // Asked when the categories replica misses (api/category_resolution.hpp).
            auto& categories = context.objects.Emplace<CategoryServiceClient>(
                LoadCategoryDirectoryOptions(context.config), context.metrics);
            AddProductRoutes(router, context, categories, context.Authenticator());
            AddReservationRoutes(router, context.pool, context.Authenticator());
          },
      .background_tasks =
          [](shop::service::ServiceContext& context) {
            std::vector<std::unique_ptr<shop::service::BackgroundTask>> tasks;
            tasks.push_back(MakeCategorySync(context));
            tasks.push_back(MakeStockReservation(context));
            return tasks;
          },
  });
}
