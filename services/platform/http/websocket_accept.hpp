#pragma once
// The server side of a WebSocket over an upgraded connection (platform/http/upgrade.hpp), as every
// WebSocket endpoint of the platform sets it up: Beast's suggested server timeouts (handshake
// 30 s; a ping after half of `idle_timeout` without a byte from the peer, closed after the whole
// of it), a bound on the client's messages, and a 101 that names the chosen subprotocol and
// carries X-Request-ID and traceparent. The subprotocol header the client sent is never logged.

// clang-format off
#include <utility>  // first: Boost 1.74's asio/awaitable.hpp needs std::exchange
// clang-format on

#include <boost/asio/awaitable.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <chrono>
#include <cstddef>
#include <exception>
#include <string>
#include <string_view>

#include "platform/http/upgraded_connection.hpp"

namespace shop::http {

using WebSocket = boost::beast::websocket::stream<boost::beast::tcp_stream>;

struct WebSocketSettings {
  std::chrono::milliseconds idle_timeout = std::chrono::seconds(60);
  std::size_t read_message_max = 64 * 1024;  // a larger client message closes with 1009
};

// Answers the upgrade of `connection` on `socket` (a WebSocket over connection.stream(), moved)
// with `subprotocol` ("" names none); records the 101 (UpgradedConnection::Upgraded) when the
// handshake succeeded. The error of the handshake otherwise (Beast has then answered 400 itself
// when the request was not a valid upgrade).
boost::asio::awaitable<boost::beast::error_code> AcceptWebSocket(UpgradedConnection& connection,
                                                                 WebSocket& socket,
                                                                 const std::string& subprotocol,
                                                                 const WebSocketSettings& settings);

// The completion of a WebSocket's detached coroutine (asio::co_spawn's handler): an exception
// that ended it is logged as `event` with its message; nothing when `error` is null.
void LogWebSocketFailure(std::string_view event, std::exception_ptr error);

}  // namespace shop::http
