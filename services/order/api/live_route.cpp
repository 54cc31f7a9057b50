#include "order/api/live_route.hpp"

#include "order/domain/live_message.hpp"
#include "order/live/live_socket.hpp"
#include "order/store/live_timeline.hpp"
#include "platform/http/problem.hpp"
#include "platform/http/upgraded_connection.hpp"
#include "platform/http/websocket_protocols.hpp"
#include "platform/text/ascii.hpp"

namespace shop::order {

void AddLiveRoute(http::Router& router, service::ServiceContext& context,
                  const auth::Authenticator& authenticator, LiveFeed& feed,
                  const http::WebSocketSettings& settings) {
  db::ConnectionPool& pool = context.pool;
  metrics::Registry& metrics = context.metrics;
  router.AddUpgrade(
      "/orders/live",
      [&pool, &metrics, &authenticator, &feed,
       settings](http::Request& request) -> http::UpgradeAnswer {
        const auth::Principal caller = authenticator.AuthenticateUpgrade(request);
        if (!http::ParseOfferedProtocols(request.headers).Offers(kLiveProtocol)) {
          throw http::BadRequest(std::string("offer the WebSocket subprotocol ") + kLiveProtocol);
        }
        std::optional<std::int64_t> after;
        if (const auto text = request.QueryParam("after")) {
          after = ParseAfterSeq(*text);
          if (!after) {
            throw http::BadRequest("after must be a seq: a whole number from 0");
          }
        }
        // Without ?after= the stream starts now: at the user's last row.
        const std::int64_t cursor = after ? *after : pool.WithTransaction([&](pqxx::work& txn) {
          return LastUserSeq(txn, caller.user_id);
        });
        // The feed matches sockets with notifications by the user id as Postgres spells it.
        LiveSocketStart start{.user_id = text::ToLowerAscii(caller.user_id),
                              .cursor = cursor,
                              .backlog = after.has_value()};
        return {.takeover = [&feed, &metrics, settings, start = std::move(start)](
                                std::unique_ptr<http::UpgradedConnection> connection) {
          StartLiveSocket(std::move(connection), feed, metrics, settings, start);
        }};
      });
}

}  // namespace shop::order
