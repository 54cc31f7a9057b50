#include "platform/http/keep_alive_pool.hpp"

// clang-format off
#include <utility>  // first: Boost 1.74's Asio uses std::exchange without including it
// clang-format on
#include <sys/socket.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cerrno>

#include "platform/http/beast_messages.hpp"
#include "platform/logging/log.hpp"

namespace shop::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace detail {

struct PooledConnection {
  asio::io_context io{1};
  beast::tcp_stream stream{io};
  beast::flat_buffer buffer;
  Clock::time_point idle_since{};
};

}  // namespace detail

namespace {

using OutMessage = bhttp::request<bhttp::string_body>;

enum class Failure {
  kNone,
  kTimeout,
  kStale,   // the write failed, or the peer closed before sending a byte: a dead pooled socket
  kBroken,  // anything else: a partial or malformed response, a reset mid-response
};

struct Attempt {
  Failure failure = Failure::kNone;
  beast::error_code ec{};
  const char* step = "";
  bool request_unsent = false;  // the write failed: the upstream cannot have a whole request
  ClientResponse response{};
  bool keep_alive = false;
};

// Runs what was started on the connection's own io_context until it completes (true) or the
// deadline passes (false: the socket is closed and the aborted operation allowed to finish).
// A wait with a deadline rather than the stream's own timer: no timer to arm and cancel (two
// timerfd_settime calls) per operation.
bool RunUntil(detail::PooledConnection& connection, Clock::time_point deadline) {
  connection.io.restart();
  connection.io.run_until(deadline);
  if (connection.io.stopped()) {
    return true;
  }
  beast::error_code ignored;
  connection.stream.socket().close(ignored);
  connection.io.run();
  return false;
}

// The peer has not closed an idle connection (nor sent anything unasked).
bool StillOpen(detail::PooledConnection& connection) {
  char byte = 0;
  const ssize_t n =
      ::recv(connection.stream.socket().native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
}

Attempt Exchange(detail::PooledConnection& connection, OutMessage& out, bool head,
                 std::size_t body_limit, Clock::time_point deadline) {
  Attempt attempt;
  bhttp::async_write(connection.stream, out,
                     [&attempt](beast::error_code ec, std::size_t) { attempt.ec = ec; });
  if (!RunUntil(connection, deadline)) {
    attempt.ec = beast::error::timeout;
  }
  if (attempt.ec) {
    attempt.step = "write to";
    attempt.failure = attempt.ec == beast::error::timeout ? Failure::kTimeout : Failure::kStale;
    attempt.request_unsent = attempt.failure == Failure::kStale;
    return attempt;
  }
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(body_limit);
  parser.skip(head);
  // Headers first: Beast 1.74's async_read parses eagerly and then loses the body_limit error of a
  // Content-Length that arrived in the same buffer as the headers; async_read_header reports it.
  bhttp::async_read_header(connection.stream, connection.buffer, parser,
                           [&attempt](beast::error_code ec, std::size_t) { attempt.ec = ec; });
  bool in_time = RunUntil(connection, deadline);
  if (in_time && !attempt.ec && !parser.is_done()) {
    bhttp::async_read(connection.stream, connection.buffer, parser,
                      [&attempt](beast::error_code ec, std::size_t) { attempt.ec = ec; });
    in_time = RunUntil(connection, deadline);
  }
  if (!in_time) {
    attempt.ec = beast::error::timeout;
  }
  if (attempt.ec) {
    attempt.step = "read from";
    const bool closed = attempt.ec == bhttp::error::end_of_stream ||
                        attempt.ec == asio::error::connection_reset ||
                        attempt.ec == asio::error::eof;
    attempt.failure = attempt.ec == beast::error::timeout ? Failure::kTimeout
                      : closed && !parser.got_some()      ? Failure::kStale
                                                          : Failure::kBroken;
    return attempt;
  }
  bhttp::response<bhttp::string_body> in = parser.release();
  attempt.keep_alive = in.keep_alive() && connection.buffer.size() == 0;
  attempt.response.status = in.result_int();
  for (const auto& field : in) {
    attempt.response.headers.Add(std::string(field.name_string()), std::string(field.value()));
  }
  attempt.response.body = std::move(in.body());
  return attempt;
}

ClientError ErrorOf(const Attempt& attempt, const Endpoint& endpoint) {
  return ClientError(
      attempt.failure == Failure::kTimeout ? ClientError::Kind::kTimeout
                                           : ClientError::Kind::kProtocol,
      std::string(attempt.step) + " " + endpoint.ToString() + " failed: " + attempt.ec.message());
}

}  // namespace

KeepAlivePool::KeepAlivePool(KeepAlivePoolOptions options) : options_(std::move(options)) {}

KeepAlivePool::~KeepAlivePool() = default;

std::size_t KeepAlivePool::IdleCount() const {
  const std::lock_guard lock(mutex_);
  return idle_.size();
}

std::unique_ptr<KeepAlivePool::Connection> KeepAlivePool::TakeIdle() {
  while (true) {
    std::unique_ptr<Connection> connection;
    {
      const std::lock_guard lock(mutex_);
      if (idle_.empty()) {
        return nullptr;
      }
      connection = std::move(idle_.back());
      idle_.pop_back();
    }
    if (Clock::now() - connection->idle_since < options_.idle_timeout && StillOpen(*connection)) {
      return connection;
    }
    // Too old, or closed by the upstream (restart, its idle timeout): dropped here, unused.
  }
}

void KeepAlivePool::GiveBack(std::unique_ptr<Connection> connection) {
  connection->idle_since = Clock::now();
  const std::lock_guard lock(mutex_);
  if (idle_.size() < options_.max_idle) {
    idle_.push_back(std::move(connection));
  }
}

std::unique_ptr<KeepAlivePool::Connection> KeepAlivePool::Open(Clock::time_point deadline) {
  auto connection = std::make_unique<Connection>();
  beast::error_code ec;
  const asio::ip::address address = asio::ip::make_address(options_.endpoint.host, ec);
  std::vector<tcp::endpoint> endpoints;
  if (!ec) {
    endpoints.emplace_back(address, options_.endpoint.port);
  } else {
    tcp::resolver resolver(connection->io);
    for (const auto& entry :
         resolver.resolve(options_.endpoint.host, std::to_string(options_.endpoint.port), ec)) {
      endpoints.push_back(entry.endpoint());
    }
    if (ec) {
      throw ClientError(ClientError::Kind::kConnect,
                        "resolve " + options_.endpoint.ToString() + " failed: " + ec.message());
    }
  }
  connection->stream.async_connect(endpoints,
                                   [&ec](beast::error_code e, const tcp::endpoint&) { ec = e; });
  if (!RunUntil(*connection, deadline)) {
    ec = beast::error::timeout;
  }
  if (ec) {
    // Refused or timed out: either way nothing was sent.
    throw ClientError(ClientError::Kind::kConnect,
                      "connect to " + options_.endpoint.ToString() + " failed: " + ec.message());
  }
  connection->stream.socket().set_option(tcp::no_delay(true), ec);
  ++opened_;
  if (options_.on_connection_opened) {
    options_.on_connection_opened();
  }
  return connection;
}

ClientResponse KeepAlivePool::Send(const ClientRequest& request, Clock::time_point deadline,
                                   bool idempotent) {
  OutMessage out{ToBeastVerb(request.method), request.target, 11};
  for (const auto& [name, value] : request.headers.All()) {
    out.insert(name, value);
  }
  out.set(bhttp::field::host, options_.endpoint.ToString());
  out.body() = request.body;
  out.prepare_payload();
  out.keep_alive(true);
  const bool head = request.method == Method::kHead;

  if (std::unique_ptr<Connection> reused = TakeIdle()) {
    Attempt attempt = Exchange(*reused, out, head, options_.max_response_body, deadline);
    if (attempt.failure == Failure::kNone) {
      if (attempt.keep_alive) {
        GiveBack(std::move(reused));
      }
      return std::move(attempt.response);
    }
    if (attempt.failure != Failure::kStale || !(attempt.request_unsent || idempotent)) {
      throw ErrorOf(attempt, options_.endpoint);
    }
    logging::Log(spdlog::level::debug, "pooled_connection_stale",
                 {{"upstream", options_.endpoint.ToString()}, {"error", attempt.ec.message()}});
  }
  std::unique_ptr<Connection> fresh = Open(deadline);
  Attempt attempt = Exchange(*fresh, out, head, options_.max_response_body, deadline);
  if (attempt.failure != Failure::kNone) {
    throw ErrorOf(attempt, options_.endpoint);
  }
  if (attempt.keep_alive) {
    GiveBack(std::move(fresh));
  }
  return std::move(attempt.response);
}

}  // namespace shop::http
