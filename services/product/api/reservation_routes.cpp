#include "product/api/reservation_routes.hpp"

#include <nlohmann/json.hpp>

#include "platform/http/problem.hpp"
#include "platform/text/rfc3339.hpp"
#include "product/domain/product_rules.hpp"
#include "product/store/reservation_store.hpp"

namespace shop::product {
namespace {

nlohmann::json ToJson(const Reservation& r) {
  nlohmann::json lines = nlohmann::json::array();
  for (const StockLine& line : r.lines) {
    lines.push_back({{"product_id", line.product_id}, {"quantity", line.quantity}});
  }
  return {{"order_id", r.order_id},
          {"status", ToString(r.status)},
          {"version", r.version},
          {"lines", std::move(lines)},
          {"created_at", text::FormatRfc3339Utc(r.created_at)},
          {"updated_at", text::FormatRfc3339Utc(r.updated_at)}};
}

}  // namespace

void AddReservationRoutes(http::Router& router, db::ConnectionPool& pool,
                          const auth::Authenticator& authenticator) {
  router.Add(http::Method::kGet, "/api/products/reservations/{order_id}",
             [&pool, &authenticator](http::Request& request) {
               auth::RequireRole(authenticator.Authenticate(request), {"admin"});
               const std::string& order_id = request.PathParam("order_id");
               // An id that is not a UUID names no order: 404, as an unknown one.
               const std::optional<Reservation> reservation =
                   IsUuid(order_id) ? pool.WithTransaction([&](pqxx::work& txn) {
                     return FindReservation(txn, order_id);
                   })
                                    : std::nullopt;
               if (!reservation) {
                 throw http::NotFound("no stock reservation for order " + order_id);
               }
               return http::JsonResponse(200, ToJson(*reservation).dump());
             });
}

}  // namespace shop::product
