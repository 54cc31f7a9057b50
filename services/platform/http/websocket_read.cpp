// clang-format off
#include <utility>  // first: Boost 1.74's asio/awaitable.hpp needs std::exchange
// clang-format on

#include "platform/http/websocket_read.hpp"

#include <array>
#include <boost/asio.hpp>
#include <boost/beast/websocket.hpp>

namespace shop::http {

namespace asio = boost::asio;
namespace beast = boost::beast;

asio::awaitable<beast::error_code> ReadMessage(WebSocket& socket, beast::flat_buffer& message) {
  message.clear();
  // Most messages of the platform (a live order status is ~250 bytes) fit the first read.
  std::array<char, 512> first;
  beast::error_code ec;
  const std::size_t n = co_await socket.async_read_some(
      asio::buffer(first), asio::redirect_error(asio::use_awaitable, ec));
  if (ec) {
    co_return ec;
  }
  message.commit(asio::buffer_copy(message.prepare(n), asio::buffer(first.data(), n)));
  if (!socket.is_message_done()) {
    co_await socket.async_read(message, asio::redirect_error(asio::use_awaitable, ec));
  }
  co_return ec;
}

}  // namespace shop::http
