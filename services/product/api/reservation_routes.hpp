#pragma once
// Operators' read of an order's stock reservation (consumers/stock_reservation.hpp):
//   GET /api/products/reservations/{order_id}
//        -> 200 {order_id, status: reserved|released|cancelled|rejected, version,
//                lines: [{product_id, quantity}], created_at, updated_at}
//         | 401 no valid access token | 403 not an admin
//         | 404 no reservation for the order (or not a UUID)
// Reservations change only through events; nothing here writes.

#include "platform/auth/bearer_auth.hpp"
#include "platform/db/pool.hpp"
#include "platform/http/router.hpp"

namespace shop::product {

// `pool` and `authenticator` must outlive the router.
void AddReservationRoutes(http::Router& router, db::ConnectionPool& pool,
                          const auth::Authenticator& authenticator);

}  // namespace shop::product
