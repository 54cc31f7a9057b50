#include "platform/http/client.hpp"

// clang-format off
#include <utility>  // first: Boost 1.74's Asio uses std::exchange without including it
// clang-format on
#include <algorithm>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <charconv>

#include "platform/http/beast_messages.hpp"
#include "platform/text/ascii.hpp"

namespace shop::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;

constexpr std::size_t kMaxResponseBody = 1 << 20;

// Runs the io_context until the started operation completes or the deadline passes; turns a
// failure into ClientError naming the step.
void RunStep(asio::io_context& io, const beast::error_code& ec, const char* step,
             const Endpoint& endpoint, std::chrono::steady_clock::time_point deadline,
             ClientError::Kind kind) {
  io.run_until(deadline);
  if (!io.stopped()) {
    io.stop();  // the deadline passed with the step still running
    io.restart();
    io.poll();  // lets the cancelled handlers run before the objects they refer to go
    throw ClientError(ClientError::Kind::kTimeout,
                      std::string(step) + " " + endpoint.ToString() + " timed out");
  }
  io.restart();
  if (ec) {
    const bool timed_out = ec == beast::error::timeout;
    throw ClientError(timed_out ? ClientError::Kind::kTimeout : kind,
                      std::string(step) + " " + endpoint.ToString() + " failed: " + ec.message());
  }
}

}  // namespace

Endpoint ParseHttpUrl(std::string_view url) {
  constexpr std::string_view kScheme = "http://";
  if (!url.starts_with(kScheme)) {
    throw std::invalid_argument("URL must start with http:// (got \"" + std::string(url) + "\")");
  }
  std::string_view rest = url.substr(kScheme.size());
  if (rest.ends_with('/')) {
    rest.remove_suffix(1);
  }
  if (rest.find('/') != std::string_view::npos) {
    throw std::invalid_argument("URL must not have a path (got \"" + std::string(url) + "\")");
  }
  Endpoint endpoint;
  const std::size_t colon = rest.rfind(':');
  endpoint.host = std::string(rest.substr(0, colon));
  if (colon != std::string_view::npos) {
    const std::string_view port = rest.substr(colon + 1);
    unsigned value = 0;
    const auto [end, error] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (error != std::errc() || end != port.data() + port.size() || value == 0 || value > 65535) {
      throw std::invalid_argument("URL has a bad port (got \"" + std::string(url) + "\")");
    }
    endpoint.port = static_cast<std::uint16_t>(value);
  }
  if (endpoint.host.empty()) {
    throw std::invalid_argument("URL has no host (got \"" + std::string(url) + "\")");
  }
  return endpoint;
}

std::vector<Endpoint> ParseHttpUrlList(std::string_view list) {
  std::vector<Endpoint> endpoints;
  for (const std::string_view url : text::CommaSeparated(list)) {
    Endpoint endpoint = ParseHttpUrl(url);
    const std::string address = endpoint.ToString();
    if (std::any_of(endpoints.begin(), endpoints.end(),
                    [&](const Endpoint& e) { return e.ToString() == address; })) {
      throw std::invalid_argument(address + " is listed twice");
    }
    endpoints.push_back(std::move(endpoint));
  }
  if (endpoints.empty()) {
    throw std::invalid_argument("no URL given");
  }
  if (endpoints.size() > kMaxUpstreamInstances) {
    throw std::invalid_argument("more than " + std::to_string(kMaxUpstreamInstances) +
                                " URLs given");
  }
  return endpoints;
}

std::string HttpUrlList(const std::vector<Endpoint>& endpoints) {
  std::string list;
  for (const Endpoint& endpoint : endpoints) {
    list += (list.empty() ? "http://" : ",http://") + endpoint.ToString();
  }
  return list;
}

ClientResponse SendRequest(const Endpoint& endpoint, const ClientRequest& request,
                           std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  bhttp::request<bhttp::string_body> out{ToBeastVerb(request.method), request.target, 11};
  for (const auto& [name, value] : request.headers.All()) {
    out.insert(name, value);
  }
  out.set(bhttp::field::host, endpoint.ToString());
  out.body() = request.body;
  out.prepare_payload();
  out.keep_alive(false);

  asio::io_context io;
  beast::error_code ec;
  asio::ip::tcp::resolver resolver(io);
  asio::ip::tcp::resolver::results_type addresses;
  resolver.async_resolve(endpoint.host, std::to_string(endpoint.port),
                         [&](beast::error_code e, asio::ip::tcp::resolver::results_type r) {
                           ec = e;
                           addresses = std::move(r);
                         });
  RunStep(io, ec, "resolve", endpoint, deadline, ClientError::Kind::kConnect);

  beast::tcp_stream stream(io);
  stream.expires_at(deadline);
  stream.async_connect(addresses, [&](beast::error_code e, const auto&) { ec = e; });
  RunStep(io, ec, "connect to", endpoint, deadline, ClientError::Kind::kConnect);
  bhttp::async_write(stream, out, [&](beast::error_code e, std::size_t) { ec = e; });
  RunStep(io, ec, "write to", endpoint, deadline, ClientError::Kind::kProtocol);

  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(kMaxResponseBody);
  // Headers first: Beast 1.74's async_read parses eagerly and then loses the body_limit error of a
  // Content-Length that arrived in the same buffer as the headers; async_read_header reports it.
  bhttp::async_read_header(stream, buffer, parser,
                           [&](beast::error_code e, std::size_t) { ec = e; });
  RunStep(io, ec, "read from", endpoint, deadline, ClientError::Kind::kProtocol);
  if (!parser.is_done()) {
    bhttp::async_read(stream, buffer, parser, [&](beast::error_code e, std::size_t) { ec = e; });
    RunStep(io, ec, "read from", endpoint, deadline, ClientError::Kind::kProtocol);
  }
  stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ec);

  bhttp::response<bhttp::string_body> in = parser.release();
  ClientResponse response;
  response.status = in.result_int();
  for (const auto& field : in) {
    response.headers.Add(std::string(field.name_string()), std::string(field.value()));
  }
  response.body = std::move(in.body());
  return response;
}

}  // namespace shop::http
