#include "stock_fixture.hpp"

#include "events/uuid_v7.hpp"
#include "product/migrations.hpp"
#include "product/store/product_store.hpp"
#include "product/store/reservation_store.hpp"

namespace shop::product::testing {

std::string NewId() { return events::NewUuidV7(); }

void StockFixture::SetUp() {
  std::vector<db::PreparedStatement> statements = ProductStatements();
  const auto& reservations = ReservationStatements();
  statements.insert(statements.end(), reservations.begin(), reservations.end());
  // Room for the concurrency tests' threads, each with a transaction of its own.
  ASSERT_NO_FATAL_FAILURE(OpenDatabase({.database_prefix = "stock_it",
                                        .group_prefix = "stock-it",
                                        .migrations = product::Migrations(),
                                        .statements = std::move(statements),
                                        .pool_size = 20}));
}

std::string StockFixture::AddProduct(std::int64_t stock) {
  const NewProduct product{.name = "Lamp",
                           .description = std::nullopt,
                           .price = "19.90",
                           .stock = stock,
                           .category = {.id = NewId(), .name = "Lights", .version = 1},
                           .seller_id = NewId()};
  return pool_->WithTransaction([&](pqxx::work& txn) { return InsertProduct(txn, product).id; });
}

std::int64_t StockFixture::Stock(const std::string& product_id) {
  return Scalar("SELECT stock FROM products WHERE id = '" + product_id + "'");
}

std::int64_t StockFixture::Version(const std::string& product_id) {
  return Scalar("SELECT version FROM products WHERE id = '" + product_id + "'");
}

std::string StockFixture::Status(const std::string& order_id) {
  pqxx::connection connection(uri_);
  pqxx::work txn(connection);
  const pqxx::result r =
      txn.exec_params("SELECT status FROM stock_reservations WHERE order_id = $1", order_id);
  return r.empty() ? "<none>" : r[0][0].as<std::string>();
}

std::int64_t StockFixture::ReservedUnits(const std::string& order_id,
                                         const std::optional<std::string>& product_id) {
  return Scalar(
      "SELECT coalesce(sum(quantity), 0) FROM stock_reservation_lines WHERE order_id = '" +
      order_id + "'" + (product_id ? " AND product_id = '" + *product_id + "'" : std::string()));
}

std::int64_t StockFixture::OutboxRows(const std::string& event_type, const std::string& key) {
  return Scalar("SELECT count(*) FROM outbox WHERE event_type = '" + event_type + "' AND key = '" +
                key + "'");
}

}  // namespace shop::product::testing
