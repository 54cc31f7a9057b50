#pragma once
// Reading a WebSocket's next message without holding a buffer while it waits. Beast's
// stream::async_read(flat_buffer) prepares about 1.5 KiB in the buffer before the first byte
// arrives, and an idle socket waits in that read for its whole life: 1.5 KiB per socket (3 KiB
// per relayed one) held for nothing. ReadMessage first waits in a read_some into a small array of
// its own frame, and gives `message` memory only once bytes have come.

// clang-format off
#include <utility>  // first: Boost 1.74's asio/awaitable.hpp needs std::exchange
// clang-format on

#include <boost/asio/awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>

#include "platform/http/websocket_accept.hpp"

namespace shop::http {

// Reads the next whole message of `socket` into `message` (cleared first); its kind is
// socket.got_text() as after async_read. Pings, pongs and the close frame are handled by Beast
// as in async_read; the error is async_read's (websocket::error::closed after a close, 1009
// message_too_big past read_message_max). Use it on the socket's strand, one read at a time. The
// caller gives `message` back (clear() and shrink_to_fit()) once it has used it.
boost::asio::awaitable<boost::beast::error_code> ReadMessage(WebSocket& socket,
                                                             boost::beast::flat_buffer& message);

}  // namespace shop::http
