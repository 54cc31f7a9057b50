#pragma once
// HTTP surface of delivery-service (schemas/openapi/delivery.yaml). Every route needs a valid
// access token (401). A shipment is api/shipment_views.hpp's; times RFC 3339 UTC.
//
//   GET  /delivery/orders/{order_id}
//        -> 200 shipment + history (tracking steps with their times) | 404 the order has no
//           shipment, or the caller is neither its customer nor a courier or admin (no hint that
//           it exists), or the id is not a UUID
//   POST /delivery/orders/{order_id}/status   {status, note?, version?} (api/status_request.hpp)
//        -> 200 shipment + history after the move; the retry of the caller's own last move is
//           answered as it is, writing nothing (docs/decisions/0034)
//           | 403 not a courier or admin (before the shipment is looked up) | 404 as GET
//           | 409 a move the machine refuses (domain/shipment_machine.hpp), a move to the current
//             status, a stale `version`, or a change by someone else meanwhile; the problem
//             carries current_status and version | 415, 400, 422 a bad body
//   GET  /delivery/shipments?status=&limit=1..100 (20)&cursor=
//        -> 200 {items: [shipment], next_cursor: string|null}: shipments (in `status`, else all),
//           oldest first, for couriers to find work | 400 bad status, limit or cursor
//           | 403 not a courier or admin
// A move writes the shipment's state, a history row and delivery.status_changed in one
// transaction (store/shipment_transitions.hpp), optimistic on the shipment's version.

#include "delivery/store/shipment_transitions.hpp"
#include "platform/auth/bearer_auth.hpp"
#include "platform/http/router.hpp"
#include "platform/service/service_main.hpp"

namespace shop::delivery {

// `transitions` and `authenticator` must outlive the router.
void AddDeliveryRoutes(http::Router& router, service::ServiceContext& context,
                       const ShipmentTransitions& transitions,
                       const auth::Authenticator& authenticator);

}  // namespace shop::delivery
