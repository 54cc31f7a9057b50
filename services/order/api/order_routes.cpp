#include "order/api/order_routes.hpp"

#include <memory>

#include "order/api/order_views.hpp"
#include "order/domain/order_access.hpp"
#include "order/domain/order_page.hpp"
#include "order/store/order_store.hpp"
#include "platform/http/problem.hpp"
#include "platform/text/ascii.hpp"
#include "platform/text/uuid.hpp"

namespace shop::order {
namespace {

// The page a list request asks for (400 for a bad limit or cursor).
struct PageRequest {
  int size;
  std::optional<PagePosition> after;
};

PageRequest ParsePage(const http::Request& request) {
  const std::optional<int> size = PageSize(request.QueryParam("limit"));
  if (!size) {
    throw http::BadRequest("limit must be an integer from 1 to " + std::to_string(kMaxPageSize));
  }
  PageRequest page{.size = *size, .after = std::nullopt};
  if (const auto cursor = request.QueryParam("cursor")) {
    page.after = DecodeCursor(*cursor);
    if (!page.after) {
      throw http::BadRequest("cursor is not one this service issued");
    }
  }
  return page;
}

// {items, next_cursor} of `rows`, fetched with one row more than the page to learn whether a next
// page exists.
template <typename Row, typename View, typename Position>
http::Response PageResponse(std::vector<Row> rows, int size, View view, Position position) {
  nlohmann::json next_cursor = nullptr;
  if (rows.size() > static_cast<std::size_t>(size)) {
    rows.resize(size);
    next_cursor = EncodeCursor(position(rows.back()));
  }
  nlohmann::json items = nlohmann::json::array();
  for (const Row& row : rows) {
    items.push_back(view(row));
  }
  return http::JsonResponse(
      200, nlohmann::json{{"items", std::move(items)}, {"next_cursor", next_cursor}}.dump());
}

http::HttpError NoSuchOrder(const std::string& id) {
  return http::NotFound("no order with id " + id);
}

// Ids that are not UUIDs cannot name an order: 404, as for an unknown UUID.
const std::string& OrderIdParam(const http::Request& request) {
  const std::string& id = request.PathParam("id");
  if (!text::IsUuid(id)) {
    throw NoSuchOrder(id);
  }
  return id;
}

struct Routes {
  db::ConnectionPool& pool;
  const OrderTransitions& transitions;
  const auth::Authenticator& authenticator;

  Caller CallerOf(const http::Request& request) const {
    const auth::Principal principal = authenticator.Authenticate(request);
    return {.user_id = principal.user_id, .role = principal.role};
  }

  http::Response List(http::Request& request) const {
    const Caller caller = CallerOf(request);
    const PageRequest page = ParsePage(request);
    std::vector<Order> rows = pool.WithTransaction([&](pqxx::work& txn) {
      return ListOrdersOfUser(txn, caller.user_id, page.after, page.size + 1);
    });
    return PageResponse(std::move(rows), page.size, OrderView,
                        [](const Order& o) { return PositionOf(o.id, o.created_at); });
  }

  http::Response Get(http::Request& request) const {
    const Caller caller = CallerOf(request);
    const std::string& id = OrderIdParam(request);
    const nlohmann::json view = pool.WithTransaction([&](pqxx::work& txn) {
      const std::optional<Order> order = FindOrder(txn, id);
      if (!order || !MaySee(caller, order->user_id)) {
        throw NoSuchOrder(id);
      }
      return OrderWithTimelineView(*order, LoadTimeline(txn, id));
    });
    return http::JsonResponse(200, view.dump());
  }

  // Locks the order, applies the input `input_of(order)` gives (nullopt: 404) and answers the
  // order after it; a refusal is a 409 and writes nothing.
  template <typename InputOf>
  http::Response Change(const http::Request& request, InputOf input_of) const {
    const std::string& id = OrderIdParam(request);
    const nlohmann::json view = pool.WithTransaction([&](pqxx::work& txn) {
      std::optional<Order> order = LockOrder(txn, id);
      const std::optional<OrderInput> input = order ? input_of(*order) : std::nullopt;
      if (!input) {
        throw NoSuchOrder(id);
      }
      const Outcome outcome = transitions.Apply(txn, std::move(*order), *input, {});
      if (outcome.decision.kind == Decision::Kind::kRefuse) {
        throw http::Conflict(outcome.decision.note);
      }
      return OrderWithTimelineView(outcome.order, LoadTimeline(txn, id));
    });
    return http::JsonResponse(200, view.dump());
  }

  http::Response Cancel(http::Request& request) const {
    const Caller caller = CallerOf(request);
    return Change(request, [&](const Order& order) { return CancelInput(caller, order.user_id); });
  }

  http::Response Sales(http::Request& request) const {
    const Caller caller = CallerOf(request);
    std::optional<std::string> requested;
    if (const auto seller_id = request.QueryParam("seller_id")) {
      if (!text::IsUuid(*seller_id)) {
        throw http::BadRequest("seller_id must be a UUID");
      }
      requested = text::ToLowerAscii(std::string(*seller_id));  // as tokens and Postgres spell it
    }
    const SalesScope scope = SalesScopeOf(caller, requested);
    if (!scope.seller_id) {
      throw http::Forbidden(scope.refusal);
    }
    const PageRequest page = ParsePage(request);
    std::vector<Sale> rows = pool.WithTransaction([&](pqxx::work& txn) {
      return ListSales(txn, *scope.seller_id, page.after, page.size + 1);
    });
    return PageResponse(std::move(rows), page.size, SaleView,
                        [](const Sale& s) { return PositionOf(s.order_id, s.created_at); });
  }
};

}  // namespace

void AddOrderRoutes(http::Router& router, service::ServiceContext& context,
                    const OrderTransitions& transitions, const auth::Authenticator& authenticator) {
  // Shared by every route; immutable, so safe on all workers.
  auto routes = std::make_shared<const Routes>(
      Routes{.pool = context.pool, .transitions = transitions, .authenticator = authenticator});
  router.Add(http::Method::kGet, "/orders", [routes](http::Request& r) { return routes->List(r); });
  router.Add(http::Method::kGet, "/orders/sales",
             [routes](http::Request& r) { return routes->Sales(r); });
  router.Add(http::Method::kGet, "/orders/{id}",
             [routes](http::Request& r) { return routes->Get(r); });
  router.Add(http::Method::kPost, "/orders/{id}/cancel",
             [routes](http::Request& r) { return routes->Cancel(r); });
}

}  // namespace shop::order
