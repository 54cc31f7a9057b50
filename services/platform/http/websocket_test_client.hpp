#pragma once
// A blocking WebSocket test client over Beast with a deadline on every operation, for the
// server's in-process tests and the end-to-end tests (live order status). Header-only: it is not
// part of shop_platform. One thread per client; a client nobody reads from reads nothing (its
// socket's buffers fill up, as a slow client's would).

// clang-format off
#include <utility>  // first: Boost 1.74's asio/awaitable.hpp needs std::exchange
// clang-format on

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace shop::http::testing {

class WebSocketTestClient {
 public:
  static constexpr std::chrono::seconds kDeadline{10};

  // Connects to 127.0.0.1:`port` and asks to upgrade `target`, offering `protocols` (none when
  // empty) with `headers` besides. Throws when the connection fails; a refused upgrade is not an
  // error (open() is false, handshake() has the answer).
  WebSocketTestClient(std::uint16_t port, const std::string& target,
                      const std::vector<std::string>& protocols,
                      const std::map<std::string, std::string>& headers = {})
      : socket_(io_context_) {
    boost::system::error_code ec;
    auto& tcp = boost::beast::get_lowest_layer(socket_);
    tcp.expires_after(kDeadline);
    tcp.async_connect(
        boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port),
        [&ec](boost::system::error_code e) { ec = e; });
    Run();
    if (ec) {
      throw std::runtime_error("connect failed: " + ec.message());
    }
    socket_.set_option(boost::beast::websocket::stream_base::decorator(
        [protocols, headers](boost::beast::websocket::request_type& request) {
          std::string offered;
          for (const std::string& protocol : protocols) {
            offered += (offered.empty() ? "" : ", ") + protocol;
          }
          if (!offered.empty()) {
            request.set(boost::beast::http::field::sec_websocket_protocol, offered);
          }
          for (const auto& [name, value] : headers) {
            request.set(name, value);
          }
        }));
    tcp.expires_after(kDeadline);
    socket_.async_handshake(handshake_, "127.0.0.1:" + std::to_string(port), target,
                            [&ec](boost::system::error_code e) { ec = e; });
    Run();
    open_ = !ec;
    if (ec && handshake_.result_int() == 0) {
      throw std::runtime_error("handshake failed: " + ec.message());
    }
    tcp.expires_never();
  }

  bool open() const { return open_; }
  // The server's answer to the upgrade: 101, or a refusal with its headers and body.
  const boost::beast::websocket::response_type& handshake() const { return handshake_; }
  std::string subprotocol() const {
    return std::string(handshake_[boost::beast::http::field::sec_websocket_protocol]);
  }

  // The next message; nullopt when the connection has ended (close_reason() says how, when the
  // server closed it) or nothing came within `deadline` (timed_out() is then true and the
  // connection is unusable).
  std::optional<std::string> Read(std::chrono::milliseconds deadline = kDeadline) {
    if (!open_) {
      return std::nullopt;
    }
    boost::system::error_code ec;
    boost::beast::flat_buffer buffer;
    boost::beast::get_lowest_layer(socket_).expires_after(deadline);
    socket_.async_read(buffer, [&ec](boost::system::error_code e, std::size_t) { ec = e; });
    Run();
    if (ec) {
      open_ = false;
      timed_out_ = ec == boost::beast::error::timeout;
      return std::nullopt;
    }
    return boost::beast::buffers_to_string(buffer.data());
  }

  void Write(const std::string& text) {
    boost::system::error_code ec;
    boost::beast::get_lowest_layer(socket_).expires_after(kDeadline);
    socket_.async_write(boost::asio::buffer(text),
                        [&ec](boost::system::error_code e, std::size_t) { ec = e; });
    Run();
    if (ec) {
      throw std::runtime_error("write failed: " + ec.message());
    }
  }

  // Closes with 1000 and waits for the server's close (bounded by kDeadline).
  void Close() {
    if (!open_) {
      return;
    }
    boost::beast::get_lowest_layer(socket_).expires_after(kDeadline);
    socket_.async_close(boost::beast::websocket::close_code::normal,
                        [](boost::system::error_code) {});
    Run();
    open_ = false;
  }

  // Ends a Read() another thread is blocked in (or the next one): the socket is shut down. The
  // one call that may come from another thread.
  void Interrupt() {
    boost::asio::post(io_context_, [this] {
      boost::system::error_code ignored;
      boost::beast::get_lowest_layer(socket_).socket().shutdown(
          boost::asio::ip::tcp::socket::shutdown_both, ignored);
    });
  }

  // The close frame the server sent (code 0 when none arrived).
  boost::beast::websocket::close_reason close_reason() const { return socket_.reason(); }
  bool timed_out() const { return timed_out_; }

 private:
  void Run() {
    io_context_.restart();
    io_context_.run();
  }

  boost::asio::io_context io_context_;
  boost::beast::websocket::stream<boost::beast::tcp_stream> socket_;
  boost::beast::websocket::response_type handshake_;
  bool open_ = false;
  bool timed_out_ = false;
};

}  // namespace shop::http::testing
