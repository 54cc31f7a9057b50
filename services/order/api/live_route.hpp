#pragma once
// GET /orders/live: the caller's order timeline pushed over a WebSocket (docs/decisions/0034;
// schemas/openapi/order.yaml documents it and its messages, domain/live_message.hpp).
//
//   Upgrade: websocket, Sec-WebSocket-Protocol: shop.v1[, bearer.<access token>]
//   ?after=<seq> (optional)
//   -> 101, Sec-WebSocket-Protocol: shop.v1 (never the bearer entry); then one text message per
//      timeline row of the caller's orders: with ?after, every row after seq first (read from the
//      table), then each new one; without it, new rows only.
//   -> 401 no, or a refused, token (the bearer subprotocol, else Authorization: Bearer as every
//      order route; the gateway verifies the subprotocol's token and passes it as Authorization)
//   -> 400 shop.v1 not offered, or after not a decimal seq >= 0
//   -> 426 the same path without the upgrade headers
// Any role: every caller sees only their own orders.

#include "order/live/live_feed.hpp"
#include "platform/auth/bearer_auth.hpp"
#include "platform/http/router.hpp"
#include "platform/http/websocket_accept.hpp"
#include "platform/service/service_main.hpp"

namespace shop::order {

// `authenticator` and `feed` must outlive the router.
void AddLiveRoute(http::Router& router, service::ServiceContext& context,
                  const auth::Authenticator& authenticator, LiveFeed& feed,
                  const http::WebSocketSettings& settings);

}  // namespace shop::order
