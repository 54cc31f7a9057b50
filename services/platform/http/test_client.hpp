#pragma once
// A blocking HTTP/1.1 test client over Beast with a deadline on every operation, for the server's
// in-process tests. Header-only: it is not part of shop_platform.

// clang-format off
#include <utility>  // first: Boost 1.74's asio/awaitable.hpp needs std::exchange
// clang-format on

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <string>

namespace shop::http::testing {

class TestClient {
 public:
  using Request = boost::beast::http::request<boost::beast::http::string_body>;
  using Response = boost::beast::http::response<boost::beast::http::string_body>;
  static constexpr std::chrono::seconds kDeadline{10};

  explicit TestClient(std::uint16_t port) : stream_(io_context_) {
    boost::system::error_code ec = Connect(io_context_, stream_, port);
    if (ec) {
      throw std::runtime_error("connect failed: " + ec.message());
    }
  }

  // True when a connection attempt is refused (nothing listens on the port).
  static bool ConnectionRefused(std::uint16_t port) {
    boost::asio::io_context io_context;
    boost::beast::tcp_stream stream(io_context);
    return Connect(io_context, stream, port) == boost::asio::error::connection_refused;
  }

  static Request MakeRequest(boost::beast::http::verb method, std::string target,
                             std::string body = {}, std::string content_type = {}) {
    Request request(method, target, 11);
    request.set(boost::beast::http::field::host, "127.0.0.1");
    if (!content_type.empty()) {
      request.set(boost::beast::http::field::content_type, content_type);
    }
    request.body() = std::move(body);
    request.prepare_payload();
    return request;
  }

  // Writes the request and reads the response; throws on an error or after kDeadline.
  Response Send(Request request) {
    Write(request);
    return Read(request.method() == boost::beast::http::verb::head);
  }

  void Write(Request& request) {
    boost::system::error_code ec;
    stream_.expires_after(kDeadline);
    boost::beast::http::async_write(stream_, request,
                                    [&ec](boost::system::error_code e, std::size_t) { ec = e; });
    RunAll();
    if (ec) {
      throw std::runtime_error("write failed: " + ec.message());
    }
  }

  Response Read(bool head = false) {
    boost::beast::http::response_parser<boost::beast::http::string_body> parser;
    parser.body_limit(64 * 1024 * 1024);
    parser.skip(head);
    boost::system::error_code ec;
    stream_.expires_after(kDeadline);
    boost::beast::http::async_read(stream_, buffer_, parser,
                                   [&ec](boost::system::error_code e, std::size_t) { ec = e; });
    RunAll();
    if (ec) {
      throw std::runtime_error("read failed: " + ec.message());
    }
    return parser.release();
  }

  void SendRaw(const std::string& bytes) {
    boost::system::error_code ec;
    stream_.expires_after(kDeadline);
    boost::asio::async_write(stream_, boost::asio::buffer(bytes),
                             [&ec](boost::system::error_code e, std::size_t) { ec = e; });
    RunAll();
    if (ec) {
      throw std::runtime_error("raw write failed: " + ec.message());
    }
  }

  // True when the server closes the connection (EOF or reset) before kDeadline and without
  // sending anything.
  bool ServerClosesWithinDeadline() {
    char byte = 0;
    boost::system::error_code ec;
    std::size_t received = 0;
    stream_.expires_after(kDeadline);
    stream_.async_read_some(boost::asio::buffer(&byte, 1),
                            [&](boost::system::error_code e, std::size_t n) {
                              ec = e;
                              received = n;
                            });
    RunAll();
    return received == 0 &&
           (ec == boost::asio::error::eof || ec == boost::asio::error::connection_reset);
  }

 private:
  static boost::system::error_code Connect(boost::asio::io_context& io_context,
                                           boost::beast::tcp_stream& stream, std::uint16_t port) {
    boost::system::error_code ec;
    stream.expires_after(kDeadline);
    stream.async_connect(
        boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port),
        [&ec](boost::system::error_code e) { ec = e; });
    io_context.restart();
    io_context.run();
    return ec;
  }

  void RunAll() {
    io_context_.restart();
    io_context_.run();
  }

  boost::asio::io_context io_context_;
  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
};

}  // namespace shop::http::testing
