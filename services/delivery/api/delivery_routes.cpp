#include "delivery/api/delivery_routes.hpp"

#include <memory>

#include "delivery/api/shipment_views.hpp"
#include "delivery/api/status_request.hpp"
#include "delivery/domain/shipment_access.hpp"
#include "delivery/domain/shipment_machine.hpp"
#include "platform/http/page_cursor.hpp"
#include "platform/http/problem.hpp"
#include "platform/text/uuid.hpp"

namespace shop::delivery {
namespace {

http::HttpError NoShipment(const std::string& order_id) {
  return http::NotFound("no shipment for order " + order_id);
}

// Ids that are not UUIDs cannot name an order: 404, as for an unknown UUID.
const std::string& OrderIdParam(const http::Request& request) {
  const std::string& id = request.PathParam("order_id");
  if (!text::IsUuid(id)) {
    throw NoShipment(id);
  }
  return id;
}

// 409 saying why, with what the shipment is now, so a client can read before it tries again.
http::HttpError Refusal(const std::string& reason, const Shipment& shipment) {
  http::Problem problem = http::Conflict(reason).problem();
  problem.extensions["current_status"] = StatusName(shipment.status);
  problem.extensions["version"] = shipment.version;
  return http::HttpError(std::move(problem));
}

std::optional<ShipmentStatus> StatusFilter(const http::Request& request) {
  const auto name = request.QueryParam("status");
  if (!name) {
    return std::nullopt;
  }
  const std::optional<ShipmentStatus> status = ParseStatus(*name);
  if (!status) {
    throw http::BadRequest(
        "status must be one of label_created, picked_up, in_transit, out_for_delivery, "
        "delivered, failed_attempt, returned, cancelled");
  }
  return status;
}

struct Routes {
  db::ConnectionPool& pool;
  const ShipmentTransitions& transitions;
  const auth::Authenticator& authenticator;

  Caller CallerOf(const http::Request& request) const {
    const auth::Principal principal = authenticator.Authenticate(request);
    return {.user_id = principal.user_id, .role = principal.role};
  }

  static void RequireStaff(const Caller& caller, const char* what) {
    if (!IsStaff(caller)) {
      throw http::Forbidden(std::string("only couriers and admins ") + what);
    }
  }

  // The order's shipment as `caller` may see it (404 otherwise).
  static Shipment Visible(pqxx::work& txn, const std::string& order_id, const Caller& caller) {
    std::optional<Shipment> shipment = FindShipmentOfOrder(txn, order_id);
    if (!shipment || shipment->IsTombstone() || !MaySee(caller, shipment->user_id)) {
      throw NoShipment(order_id);
    }
    return std::move(*shipment);
  }

  static nlohmann::json View(pqxx::work& txn, const Shipment& shipment, const Caller& caller) {
    return ShipmentWithHistoryView(shipment, LoadHistory(txn, shipment.id), IsStaff(caller));
  }

  http::Response Get(http::Request& request) const {
    const Caller caller = CallerOf(request);
    const std::string& order_id = OrderIdParam(request);
    const nlohmann::json view = pool.WithTransaction(
        [&](pqxx::work& txn) { return View(txn, Visible(txn, order_id, caller), caller); });
    return http::JsonResponse(200, view.dump());
  }

  http::Response PostStatus(http::Request& request) const {
    const Caller caller = CallerOf(request);
    RequireStaff(caller, "record tracking steps");
    const std::string& order_id = OrderIdParam(request);
    const StatusRequest move = ParseStatusRequest(http::JsonBody(request));
    const nlohmann::json view = pool.WithTransaction([&](pqxx::work& txn) {
      const Shipment shipment = Visible(txn, order_id, caller);
      const std::optional<LastMove> last = LastMoveOf(txn, shipment.id);
      const MoveDecision decision =
          DecideMove({.current = shipment.status,
                      .current_version = shipment.version,
                      .target = move.target,
                      .expected_version = move.expected_version,
                      .caller_made_last_move = last && last->by_user == caller.user_id &&
                                               last->to_status == shipment.status});
      switch (decision.kind) {
        case MoveDecision::Kind::kRefuse:
          throw Refusal(decision.reason, shipment);
        case MoveDecision::Kind::kAlreadyDone:
          return View(txn, shipment, caller);
        case MoveDecision::Kind::kApply:
          break;
      }
      const std::optional<Shipment> after =
          transitions.Move(txn, shipment, move.target, move.note, caller);
      if (!after) {
        const Shipment now = Visible(txn, order_id, caller);
        throw Refusal("the shipment changed meanwhile (it was " +
                          std::string(StatusName(shipment.status)) + " at version " +
                          std::to_string(shipment.version) + ")",
                      now);
      }
      return View(txn, *after, caller);
    });
    return http::JsonResponse(200, view.dump());
  }

  http::Response List(http::Request& request) const {
    const Caller caller = CallerOf(request);
    RequireStaff(caller, "list shipments");
    const std::optional<ShipmentStatus> status = StatusFilter(request);
    const std::optional<int> size = http::PageSize(request.QueryParam("limit"));
    if (!size) {
      throw http::BadRequest("limit must be an integer from 1 to " +
                             std::to_string(http::kMaxPageSize));
    }
    std::optional<http::PagePosition> after;
    if (const auto cursor = request.QueryParam("cursor")) {
      after = http::DecodeCursor(*cursor);
      if (!after) {
        throw http::BadRequest("cursor is not one this service issued");
      }
    }
    std::vector<Shipment> rows = pool.WithTransaction(
        [&](pqxx::work& txn) { return ListShipments(txn, status, after, *size + 1); });
    nlohmann::json next_cursor = nullptr;
    if (rows.size() > static_cast<std::size_t>(*size)) {
      rows.resize(*size);
      next_cursor = http::EncodeCursor(PositionOf(rows.back()));
    }
    nlohmann::json items = nlohmann::json::array();
    for (const Shipment& shipment : rows) {
      items.push_back(ShipmentView(shipment));
    }
    return http::JsonResponse(
        200, nlohmann::json{{"items", std::move(items)}, {"next_cursor", next_cursor}}.dump());
  }
};

}  // namespace

void AddDeliveryRoutes(http::Router& router, service::ServiceContext& context,
                       const ShipmentTransitions& transitions,
                       const auth::Authenticator& authenticator) {
  // Shared by every route; immutable, so safe on all workers.
  auto routes = std::make_shared<const Routes>(
      Routes{.pool = context.pool, .transitions = transitions, .authenticator = authenticator});
  router.Add(http::Method::kGet, "/delivery/orders/{order_id}",
             [routes](http::Request& r) { return routes->Get(r); });
  router.Add(http::Method::kPost, "/delivery/orders/{order_id}/status",
             [routes](http::Request& r) { return routes->PostStatus(r); });
  router.Add(http::Method::kGet, "/delivery/shipments",
             [routes](http::Request& r) { return routes->List(r); });
}

}  // namespace shop::delivery
