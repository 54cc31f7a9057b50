#pragma once
// A proxied WebSocket (routing/route_table.hpp's WebSocket routes), once the gateway has admitted
// the upgrade (rate limits, token): on the client connection's strand,
//  1. connects to the upstream and makes its own handshake there, with the filtered headers
//     (proxy/header_filter.hpp UpstreamUpgradeHeaders: the verified token as Authorization) and
//     the client's subprotocols without the bearer entry, both bounded by `timeout`;
//  2. refuses the client with the upstream's answer when the upstream declined (its 401, 400,
//     503 ... as a proxied request would get it), or with 503 / 504 / 502 problems when there was
//     no answer (proxy/upstream_problem.hpp);
//  3. else answers the client's upgrade with the subprotocol the upstream chose, and relays every
//     message both ways, text as text and binary as binary, one message at a time in each
//     direction (a slow reader on one side slows the other side's writer: no buffer grows);
//  4. a close from either side is passed on with its code and reason (1008 "send queue full" from
//     order-service reaches the client as it was sent); a broken side closes the other with 1011;
//     the gateway's drain closes both with 1001.
// Both sides ping after half of the idle timeout of silence and are dropped after all of it.
// The Sec-WebSocket-Protocol header (a credential) is never logged.
//
// Metric: gateway_websockets{upstream} (relayed WebSockets open now).

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "platform/http/client.hpp"
#include "platform/http/message.hpp"
#include "platform/http/upgraded_connection.hpp"
#include "platform/http/websocket_accept.hpp"
#include "platform/metrics/registry.hpp"

namespace shop::gateway {

struct RelayTarget {
  std::string upstream{};  // its name: logs, problems, the metric's label
  http::Endpoint endpoint{};
  std::string target{};                     // path and query, as the client sent them
  http::Headers headers{};                  // for the upstream handshake
  std::vector<std::string> protocols{};     // offered upstream
  std::chrono::milliseconds timeout{5000};  // connect, then handshake
};

// Takes over `client` (called by the route's takeover, on the connection's strand). `metrics`
// must outlive the server.
void StartWebSocketRelay(std::unique_ptr<http::UpgradedConnection> client, RelayTarget target,
                         const http::WebSocketSettings& settings, metrics::Registry& metrics);

}  // namespace shop::gateway
