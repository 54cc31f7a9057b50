#pragma once
// One live order-status WebSocket (GET /orders/live, docs/decisions/0034), after the route has
// authenticated the caller and chosen where the stream starts.
//
// On the connection's strand: answers the upgrade with the subprotocol shop.v1, subscribes to the
// feed, then writes each message of its queue (live_feed.hpp) as one text frame, in seq order,
// one write at a time. Frames from the client are read (Beast answers pings and the close
// handshake) and ignored. It ends when
//  - the client closes, or goes silent past the idle timeout (Beast pings it at half of it);
//  - the queue overflows: close 1008 "send queue full" (after the write in progress, if any);
//  - the server drains: close 1001 "going away".
// An idle socket holds Beast's buffers, its coroutine frames and an empty queue; no message buffer.
//
// Metrics: order_live_sockets (open now), order_live_messages_sent_total.

#include <cstdint>
#include <memory>
#include <string>

#include "order/live/live_feed.hpp"
#include "platform/http/upgraded_connection.hpp"
#include "platform/http/websocket_accept.hpp"
#include "platform/metrics/registry.hpp"

namespace shop::order {

inline constexpr const char* kLiveProtocol = "shop.v1";

struct LiveSocketStart {
  std::string user_id;
  std::int64_t cursor = 0;  // the client has every row up to it
  bool backlog = false;     // ?after= was given: rows after the cursor are sent first
};

// Takes over `connection` (called by the route's takeover, on the connection's strand). `feed`
// and `metrics` must outlive the server.
void StartLiveSocket(std::unique_ptr<http::UpgradedConnection> connection, LiveFeed& feed,
                     metrics::Registry& metrics, const http::WebSocketSettings& settings,
                     LiveSocketStart start);

}  // namespace shop::order
