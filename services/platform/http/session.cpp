// clang-format off
#include <utility>  // first: Boost 1.74's asio/awaitable.hpp needs std::exchange
// clang-format on

#include <array>
#include <boost/beast/websocket/rfc6455.hpp>
#include <cmath>
#include <optional>

#include "platform/http/beast_messages.hpp"
#include "platform/http/problem.hpp"
#include "platform/http/request_id.hpp"
#include "platform/http/server_impl.hpp"
#include "platform/http/url_decode.hpp"
#include "platform/logging/log.hpp"

namespace shop::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace websocket = boost::beast::websocket;
using tcp = asio::ip::tcp;

constexpr std::size_t kIdleReadChunk = 4096;
constexpr std::chrono::seconds kMaxLinger{5};
constexpr unsigned kRetryAfterSeconds = 1;

auto Await(beast::error_code& ec) { return asio::redirect_error(asio::use_awaitable, ec); }

struct DispatchOutcome {
  bool accepted = false;
  Request request;
  UpgradeAnswer answer;  // a plain request's answer is always a response
};

// Runs router.Dispatch (router.DispatchUpgrade for an upgrade request) on the pool and resumes the
// awaiting coroutine on its own executor (the connection's strand). Completes at once with
// accepted == false when the queue is full.
template <typename Token>
auto AsyncDispatch(WorkerPool& pool, const Router& router, bool upgrade, Request request,
                   Token&& token) {
  return asio::async_initiate<Token, void(DispatchOutcome)>(
      [&pool, &router, upgrade](auto handler, Request req) {
        auto executor = asio::get_associated_executor(handler);
        auto shared_handler = std::make_shared<decltype(handler)>(std::move(handler));
        auto outcome = std::make_shared<DispatchOutcome>();
        outcome->request = std::move(req);
        auto complete = [shared_handler, outcome, executor] {
          asio::post(executor,
                     [shared_handler, outcome] { (*shared_handler)(std::move(*outcome)); });
        };
        const bool queued = pool.TrySubmit([outcome, complete, &router, upgrade] {
          outcome->accepted = true;
          // Both map every exception.
          if (upgrade) {
            outcome->answer = router.DispatchUpgrade(outcome->request);
          } else {
            outcome->answer.response = router.Dispatch(outcome->request);
          }
          complete();
        });
        if (!queued) {
          complete();
        }
      },
      token, std::move(request));
}

Peer PeerOf(const beast::tcp_stream& stream) {
  beast::error_code ec;
  const tcp::endpoint endpoint = stream.socket().remote_endpoint(ec);
  if (ec) {
    return {.address = "unknown", .endpoint = "unknown"};
  }
  std::string address = endpoint.address().to_string();
  std::string text = address + ":" + std::to_string(endpoint.port());
  return {.address = std::move(address), .endpoint = std::move(text)};
}

bool IsHttpParseError(const beast::error_code& ec) {
  return ec.category() == bhttp::make_error_code(bhttp::error::bad_target).category() &&
         ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message;
}

// Beast's own refusals of a request's framing (see FramingProblem for the ones it lets pass).
bool IsFramingError(const beast::error_code& ec) {
  return ec == bhttp::error::bad_content_length || ec == bhttp::error::bad_transfer_encoding;
}

Problem FramingRefusal(const std::string& detail) {
  return Problem{.status = 400,
                 .type = "urn:shop:problem:bad-framing",
                 .title = "Ambiguous message framing",
                 .detail = detail};
}

Problem HeadersTooLarge() {
  return Problem{.status = 431,
                 .type = "urn:shop:problem:headers-too-large",
                 .title = "Request header fields too large",
                 .detail = "the request line and headers exceed the server's limit"};
}

std::string RouteOf(const Router& router, Method method, const std::string& target) {
  const auto decoded = DecodeTarget(target);
  if (!decoded) {
    return "unmatched";
  }
  std::string route = router.Find(method, decoded->path).route;
  return route.empty() ? "unmatched" : route;
}

}  // namespace

asio::awaitable<void> HttpServer::Impl::Session(tcp::socket socket) {
  // Removes the connection from the drain registry however the session ends.
  struct Registration {
    Impl& server;
    std::shared_ptr<ConnectionState> connection;
    ~Registration() {
      connection->stream = nullptr;
      server.Unregister(connection);
    }
  };
  beast::tcp_stream stream(std::move(socket));
  auto connection = std::make_shared<ConnectionState>();
  connection->executor = stream.get_executor();
  connection->stream = &stream;
  connection->awaiting_request = true;
  Register(connection);
  const Registration registration{*this, connection};
  const Peer peer = PeerOf(stream);
  beast::flat_buffer buffer;
  try {
    bool first = true;
    while (!draining) {
      connection->awaiting_request = true;
      if (!first && buffer.size() == 0) {
        // Keep-alive: wait up to idle_timeout for the first byte; the header timeout starts then.
        beast::error_code ec;
        stream.expires_after(options.idle_timeout);
        const std::size_t n =
            co_await stream.async_read_some(buffer.prepare(kIdleReadChunk), Await(ec));
        if (ec || draining) {
          break;
        }
        buffer.commit(n);
      }
      first = false;
      if (!co_await HandleOne(stream, buffer, *connection, peer)) {
        break;
      }
    }
  } catch (const std::exception& error) {
    logging::Error("http_connection_failed", {{"remote", peer.endpoint}, {"error", error.what()}});
  }
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
}

asio::awaitable<bool> HttpServer::Impl::HandleOne(beast::tcp_stream& stream,
                                                  beast::flat_buffer& buffer,
                                                  ConnectionState& connection, const Peer& peer) {
  bhttp::request_parser<bhttp::string_body> parser;
  parser.body_limit(options.body_limit);
  beast::error_code ec;
  stream.expires_after(options.header_timeout);
  co_await bhttp::async_read_header(stream, buffer, parser, Await(ec));
  connection.awaiting_request = false;
  Exchange exchange;
  // Framing is checked on the headers, before any body byte is read or a handler runs: a request
  // whose length two parsers could read differently is never handled (nor forwarded).
  if (IsFramingError(ec)) {
    co_await Refuse(stream, FramingRefusal("malformed HTTP request: " + ec.message()),
                    "bad_framing", exchange, 11, peer);
    co_return false;
  }
  if (!ec) {
    if (const std::string problem = FramingProblem(parser.get()); !problem.empty()) {
      co_await Refuse(stream, FramingRefusal(problem), "bad_framing", exchange,
                      parser.get().version(), peer);
      co_return false;
    }
  }
  if (ec == bhttp::error::header_limit) {
    co_await Refuse(stream, HeadersTooLarge(), "headers_too_large", exchange, 11, peer);
    co_return false;
  }
  if (!ec && parser.get()[bhttp::field::expect] == "100-continue" && !parser.is_done()) {
    static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
    stream.expires_after(options.read_timeout);
    co_await asio::async_write(stream, asio::buffer(kContinue.data(), kContinue.size()), Await(ec));
  }
  if (!ec) {
    stream.expires_after(options.read_timeout);
    co_await bhttp::async_read(stream, buffer, parser, Await(ec));
  }
  if (ec == bhttp::error::body_limit) {
    const BeastRequest& head = parser.get();
    exchange.method = std::string(MethodName(
        ParseMethod(std::string_view(head.method_string().data(), head.method_string().size()))));
    exchange.route = RouteOf(router, ParseMethod(exchange.method), std::string(head.target()));
    exchange.path = std::string(head.target());
    metrics.GetCounter("http_requests_rejected_total", "", {"reason"}, {"body_too_large"}).Inc();
    Response response = ToResponse(
        PayloadTooLarge("the request body exceeds " + std::to_string(options.body_limit) + " bytes")
            .problem(),
        exchange.path);
    co_await Answer(stream, std::move(response), exchange, head.version(), false, false, peer);
    co_await LingeringClose(stream);
    co_return false;
  }
  if (IsHttpParseError(ec)) {
    metrics.GetCounter("http_requests_rejected_total", "", {"reason"}, {"bad_request"}).Inc();
    Response response = ToResponse(BadRequest("malformed HTTP request: " + ec.message()).problem());
    co_await Answer(stream, std::move(response), exchange, 11, false, false, peer);
    co_return false;
  }
  if (ec) {
    co_return false;  // the client left, or a timeout: nothing to answer
  }

  const unsigned version = parser.get().version();
  const bool keep_alive = parser.get().keep_alive();
  // A WebSocket upgrade keeps the request as received: the takeover's handshake reads it.
  std::optional<BeastRequest> upgrade_head;
  if (websocket::is_upgrade(parser.get())) {
    upgrade_head = parser.get();
  }
  Request request = FromBeast(parser.release());
  request.request_id = RequestIdFrom(request.headers.Get("X-Request-ID").value_or(""));
  request.traceparent = ValidTraceparent(request.headers.Get("traceparent").value_or(""));
  if (request.traceparent.empty() && options.start_traces) {
    request.traceparent = GenerateTraceparent();
  }
  request.remote_address = peer.address;
  exchange.method = std::string(MethodName(request.method));
  exchange.request_id = request.request_id;
  exchange.traceparent = request.traceparent;
  exchange.bytes_in = request.body.size();
  exchange.path = request.target;
  const bool head = request.method == Method::kHead;

  Response response;
  if (auto decoded = DecodeTarget(request.target); !decoded) {
    response = ToResponse(BadRequest("malformed request target").problem());
  } else {
    request.path = std::move(decoded->path);
    request.query = std::move(decoded->query);
    exchange.path = request.path;
    in_flight.Add(1);
    DispatchOutcome outcome = co_await AsyncDispatch(*pool, router, upgrade_head.has_value(),
                                                     std::move(request), asio::use_awaitable);
    in_flight.Add(-1);
    if (outcome.accepted) {
      exchange.route = outcome.request.route.empty() ? "unmatched" : outcome.request.route;
      if (outcome.answer.takeover) {
        HandOver(stream, std::move(*upgrade_head), std::move(outcome.answer.takeover), exchange,
                 peer);
        co_return false;
      }
      response = std::move(outcome.answer.response);
    } else {
      metrics.GetCounter("http_requests_rejected_total", "", {"reason"}, {"queue_full"}).Inc();
      exchange.route = RouteOf(router, outcome.request.method, outcome.request.target);
      response = ToResponse(
          ServiceUnavailable("the server is at capacity; retry later", kRetryAfterSeconds)
              .problem(),
          exchange.path);
    }
  }
  co_return co_await Answer(stream, std::move(response), exchange, version, head,
                            keep_alive && !draining, peer);
}

asio::awaitable<bool> HttpServer::Impl::Answer(beast::tcp_stream& stream, Response&& response,
                                               Exchange& exchange, unsigned version, bool head,
                                               bool keep_alive, const Peer& peer) {
  response.headers.Set("X-Request-ID",
                       exchange.request_id.empty() ? GenerateRequestId() : exchange.request_id);
  if (!exchange.traceparent.empty()) {
    response.headers.Set("traceparent", exchange.traceparent);
  }
  exchange.request_id = std::string(response.headers.Get("X-Request-ID").value_or(""));
  exchange.status = response.status;
  exchange.bytes_out = head ? 0 : response.body.size();
  BeastResponse message = ToBeast(std::move(response), version, head, keep_alive);
  beast::error_code ec;
  stream.expires_after(options.read_timeout);
  co_await bhttp::async_write(stream, message, Await(ec));
  Record(exchange, peer);
  co_return !ec && message.keep_alive();
}

asio::awaitable<void> HttpServer::Impl::Refuse(beast::tcp_stream& stream, const Problem& problem,
                                               const char* reason, Exchange& exchange,
                                               unsigned version, const Peer& peer) {
  metrics.GetCounter("http_requests_rejected_total", "", {"reason"}, {reason}).Inc();
  logging::Warn("http_request_refused",
                {{"reason", reason}, {"detail", problem.detail}, {"remote", peer.endpoint}});
  co_await Answer(stream, ToResponse(problem), exchange, version, false, false, peer);
  co_await LingeringClose(stream);
}

asio::awaitable<void> HttpServer::Impl::LingeringClose(beast::tcp_stream& stream) {
  // Closing with unread input makes the kernel send RST, which can destroy the response we just
  // wrote before the client reads it. Stop sending and discard input for a bounded time instead.
  beast::error_code ec;
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  stream.expires_after(
      std::min<std::chrono::steady_clock::duration>(options.read_timeout, kMaxLinger));
  std::array<char, 16384> scratch;
  while (!ec) {
    co_await stream.async_read_some(asio::buffer(scratch), Await(ec));
  }
}

void HttpServer::Impl::Record(const Exchange& exchange, const Peer& peer) {
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - exchange.started).count();
  const std::string status = std::to_string(exchange.status);
  metrics
      .GetCounter("http_requests_total", "HTTP requests answered.", {"method", "route", "status"},
                  {exchange.method, exchange.route, status})
      .Inc();
  metrics
      .GetHistogram("http_request_duration_seconds", "Time from request headers to response.",
                    metrics::DefaultLatencyBuckets(), {"method", "route"},
                    {exchange.method, exchange.route})
      .Observe(seconds);
  logging::Info("http_request", {{"method", exchange.method},
                                 {"path", exchange.path},
                                 {"route", exchange.route},
                                 {"status", exchange.status},
                                 {"duration_ms", std::round(seconds * 1e6) / 1e3},
                                 {"request_id", exchange.request_id},
                                 {"trace_id", TraceIdOf(exchange.traceparent)},
                                 {"bytes_in", exchange.bytes_in},
                                 {"bytes_out", exchange.bytes_out},
                                 {"remote", peer.endpoint}});
}

}  // namespace shop::http
