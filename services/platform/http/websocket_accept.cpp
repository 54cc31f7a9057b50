// clang-format off
#include <utility>  // first: Boost 1.74's asio/awaitable.hpp needs std::exchange
// clang-format on

#include "platform/http/websocket_accept.hpp"

#include <boost/asio.hpp>
#include <boost/beast/websocket.hpp>

#include "platform/logging/log.hpp"

namespace shop::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = boost::beast::websocket;

asio::awaitable<beast::error_code> AcceptWebSocket(UpgradedConnection& connection,
                                                   WebSocket& socket,
                                                   const std::string& subprotocol,
                                                   const WebSocketSettings& settings) {
  websocket::stream_base::timeout timeout =
      websocket::stream_base::timeout::suggested(beast::role_type::server);
  timeout.idle_timeout = settings.idle_timeout;
  socket.set_option(timeout);
  socket.read_message_max(settings.read_message_max);
  socket.set_option(websocket::stream_base::decorator(
      [subprotocol, request_id = connection.request_id(),
       traceparent = connection.traceparent()](websocket::response_type& response) {
        if (!subprotocol.empty()) {
          response.set(beast::http::field::sec_websocket_protocol, subprotocol);
        }
        response.set("X-Request-ID", request_id);
        if (!traceparent.empty()) {
          response.set("traceparent", traceparent);
        }
      }));
  beast::error_code ec;
  co_await socket.async_accept(connection.request(), asio::redirect_error(asio::use_awaitable, ec));
  if (!ec) {
    // The decorator's copies of the headers are of no more use for the socket's life.
    socket.set_option(websocket::stream_base::decorator([](websocket::response_type&) {}));
    connection.Upgraded();
  }
  co_return ec;
}

void LogWebSocketFailure(std::string_view event, std::exception_ptr error) {
  if (!error) {
    return;
  }
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    logging::Error(event, {{"error", e.what()}});
  } catch (...) {
    logging::Error(event, {{"error", "an exception not derived from std::exception"}});
  }
}

}  // namespace shop::http
