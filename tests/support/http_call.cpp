// A blocking HTTP/1.1 client for tests. Beast's synchronous calls ignore timeouts, so each step is
// an async operation run to completion on a private io_context, under one tcp_stream deadline.
// clang-format off
#include <utility>  // before Asio: Boost 1.74's Asio uses std::exchange without including it
// clang-format on
#include <algorithm>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cctype>
#include <stdexcept>

#include "test_support.hpp"

namespace shop::testing {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

// Runs the posted operation to completion and throws when it failed.
void RunStep(asio::io_context& io, const beast::error_code& ec, const char* step,
             std::uint16_t port) {
  io.run();
  io.restart();
  if (ec) {
    throw std::runtime_error(std::string("HTTP ") + step + " to 127.0.0.1:" + std::to_string(port) +
                             " failed: " + ec.message());
  }
}

}  // namespace

HttpResult HttpCall(std::uint16_t port, const std::string& method, const std::string& target,
                    const std::string& body, const std::map<std::string, std::string>& headers,
                    std::chrono::milliseconds timeout) {
  const http::verb verb = http::string_to_verb(method);
  if (verb == http::verb::unknown) {
    throw std::invalid_argument("unknown HTTP method " + method);
  }
  http::request<http::string_body> request{verb, target, 11};
  request.set(http::field::host, "127.0.0.1:" + std::to_string(port));
  request.set(http::field::user_agent, "shop-tests");
  for (const auto& [name, value] : headers) {
    request.set(name, value);
  }
  request.body() = body;
  request.prepare_payload();
  request.keep_alive(false);

  asio::io_context io;
  beast::tcp_stream stream(io);
  stream.expires_after(timeout);  // covers connect, write and read together
  beast::error_code ec;
  const asio::ip::tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), port);
  stream.async_connect(endpoint, [&](beast::error_code e) { ec = e; });
  RunStep(io, ec, "connect", port);
  http::async_write(stream, request, [&](beast::error_code e, std::size_t) { ec = e; });
  RunStep(io, ec, "write", port);
  beast::flat_buffer buffer;
  http::response<http::string_body> response;
  http::async_read(stream, buffer, response, [&](beast::error_code e, std::size_t) { ec = e; });
  RunStep(io, ec, "read", port);
  stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ec);

  HttpResult result;
  result.status = response.result_int();
  for (const auto& field : response) {
    const std::string name = Lower(std::string(field.name_string()));
    const std::string value(field.value());
    auto [it, inserted] = result.headers.emplace(name, value);
    if (!inserted) {
      it->second += ", " + value;
    }
  }
  result.body = std::move(response.body());
  return result;
}

}  // namespace shop::testing
