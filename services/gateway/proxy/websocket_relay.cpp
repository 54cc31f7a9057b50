// clang-format off
#include <utility>  // first: Boost 1.74's asio/awaitable.hpp needs std::exchange
// clang-format on

#include "gateway/proxy/websocket_relay.hpp"

#include <boost/asio.hpp>
#include <boost/beast/websocket.hpp>
#include <optional>
#include <set>

#include "gateway/proxy/header_filter.hpp"
#include "gateway/proxy/upstream_problem.hpp"
#include "platform/http/websocket_protocols.hpp"
#include "platform/http/websocket_read.hpp"
#include "platform/logging/log.hpp"

namespace shop::gateway {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = boost::beast::websocket;
using tcp = asio::ip::tcp;

auto Await(beast::error_code& ec) { return asio::redirect_error(asio::use_awaitable, ec); }

// The upstream's refusal of the handshake, as the client gets it.
http::Response ClientAnswer(websocket::response_type&& answer) {
  http::Headers headers;
  for (const auto& field : answer) {
    headers.Add(std::string(field.name_string()), std::string(field.value()));
  }
  http::Response response;
  response.status = answer.result_int();
  response.headers = ClientResponseHeaders(headers);
  response.body = std::move(answer.body());
  return response;
}

class Relay final : public std::enable_shared_from_this<Relay> {
 public:
  Relay(std::unique_ptr<http::UpgradedConnection> client, RelayTarget target,
        const http::WebSocketSettings& settings, metrics::Registry& metrics)
      : client_(std::move(client)),
        client_socket_(std::move(client_->stream())),
        upstream_socket_(client_socket_.get_executor()),
        target_(std::move(target)),
        settings_(settings),
        open_(metrics.GetGauge("gateway_websockets", "Relayed WebSockets open now.", {"upstream"},
                               {target_.upstream})) {}

  ~Relay() {
    if (relaying_) {
      open_.Add(-1);
    }
  }

  Relay(const Relay&) = delete;
  Relay& operator=(const Relay&) = delete;

  asio::any_io_executor executor() { return client_socket_.get_executor(); }

  // Spawned with a lambda that holds the relay (see StartWebSocketRelay).
  asio::awaitable<void> Run() {
    const std::optional<std::string> chosen = co_await OpenUpstream();
    if (!chosen) {
      co_return;
    }
    if (co_await http::AcceptWebSocket(*client_, client_socket_, *chosen, settings_)) {
      beast::error_code ec;
      co_await upstream_socket_.async_close(websocket::close_code::going_away, Await(ec));
      co_return;
    }
    relaying_ = true;
    open_.Add(1);
    client_->OnDrain([weak = weak_from_this()] {
      if (const auto relay = weak.lock()) {
        relay->CloseBoth({websocket::close_code::going_away, "gateway shutting down"});
      }
    });
    asio::co_spawn(
        executor(),
        [self = shared_from_this()] {
          return self->Pump(self->upstream_socket_, self->client_socket_);
        },
        asio::detached);
    co_await Pump(client_socket_, upstream_socket_);
  }

 private:
  // Steps 1 and 2: the subprotocol the upstream chose ("" for none); nullopt when the client has
  // been refused. What only the handshake needed (the headers with the token, the upstream's
  // answer) is not kept: an idle relay holds none of it.
  asio::awaitable<std::optional<std::string>> OpenUpstream() {
    beast::error_code ec;
    auto& tcp_stream = beast::get_lowest_layer(upstream_socket_);
    tcp::resolver resolver(executor());
    tcp_stream.expires_after(target_.timeout);
    const tcp::resolver::results_type endpoints = co_await resolver.async_resolve(
        target_.endpoint.host, std::to_string(target_.endpoint.port), Await(ec));
    if (!ec) {
      co_await tcp_stream.async_connect(endpoints, Await(ec));
    }
    if (ec) {
      co_await Refuse(ec == beast::error::timeout ? http::UpstreamFailure::Kind::kTimeout
                                                  : http::UpstreamFailure::Kind::kUnreachable,
                      ec);
      co_return std::nullopt;
    }
    upstream_socket_.set_option(websocket::stream_base::decorator(
        [headers = std::move(target_.headers),
         protocols = http::JoinProtocols(target_.protocols)](websocket::request_type& request) {
          for (const auto& [name, value] : headers.All()) {
            request.insert(name, value);
          }
          if (!protocols.empty()) {
            request.set(beast::http::field::sec_websocket_protocol, protocols);
          }
        }));
    target_.protocols = {};
    websocket::response_type answer;
    tcp_stream.expires_after(target_.timeout);
    co_await upstream_socket_.async_handshake(answer, target_.endpoint.ToString(), target_.target,
                                              Await(ec));
    tcp_stream.expires_never();
    upstream_socket_.set_option(websocket::stream_base::decorator([](websocket::request_type&) {}));
    if (ec == websocket::error::upgrade_declined && answer.result_int() != 0) {
      co_await client_->Refuse(ClientAnswer(std::move(answer)));
      co_return std::nullopt;
    }
    if (ec) {
      co_await Refuse(ec == beast::error::timeout ? http::UpstreamFailure::Kind::kTimeout
                                                  : http::UpstreamFailure::Kind::kBroken,
                      ec);
      co_return std::nullopt;
    }
    websocket::stream_base::timeout timeout =
        websocket::stream_base::timeout::suggested(beast::role_type::server);
    timeout.idle_timeout = settings_.idle_timeout;
    upstream_socket_.set_option(timeout);
    co_return std::string(answer[beast::http::field::sec_websocket_protocol]);
  }

  asio::awaitable<void> Refuse(http::UpstreamFailure::Kind kind, const beast::error_code& ec) {
    logging::Warn("websocket_upstream_failed",
                  {{"upstream", target_.upstream}, {"error", ec.message()}});
    const http::UpstreamFailure failure(kind, ec.message(), std::chrono::seconds(1));
    co_await client_->Refuse(http::ToResponse(FailureProblem(failure, target_.upstream)));
  }

  // Step 3/4 in one direction: each message of `from` to `to`, until `from` ends.
  asio::awaitable<void> Pump(http::WebSocket& from, http::WebSocket& to) {
    beast::flat_buffer buffer;
    while (true) {
      beast::error_code ec = co_await http::ReadMessage(from, buffer);
      if (ec == websocket::error::closed) {
        CloseBoth(from.reason());
        co_return;
      }
      if (ec) {
        CloseBoth({websocket::close_code::internal_error, "the other side went away"});
        co_return;
      }
      to.text(from.got_text());
      co_await to.async_write(buffer.data(), Await(ec));
      buffer.clear();
      buffer.shrink_to_fit();  // nothing kept while idle
      if (ec) {
        co_return;  // `to` has failed; its own reader ends the other direction
      }
    }
  }

  // Closes whichever side is still open with `reason` (once per side).
  void CloseBoth(const websocket::close_reason& reason) {
    for (http::WebSocket* socket : {&client_socket_, &upstream_socket_}) {
      if (socket->is_open() && closing_.insert(socket).second) {
        socket->async_close(reason, [self = shared_from_this()](beast::error_code) {});
      }
    }
  }

  std::unique_ptr<http::UpgradedConnection> client_;  // keeps the server's registration
  http::WebSocket client_socket_;
  http::WebSocket upstream_socket_;
  RelayTarget target_;
  const http::WebSocketSettings settings_;
  metrics::Gauge& open_;
  std::set<http::WebSocket*> closing_;
  bool relaying_ = false;
};

}  // namespace

void StartWebSocketRelay(std::unique_ptr<http::UpgradedConnection> client, RelayTarget target,
                         const http::WebSocketSettings& settings, metrics::Registry& metrics) {
  auto relay = std::make_shared<Relay>(std::move(client), std::move(target), settings, metrics);
  const asio::any_io_executor executor = relay->executor();
  asio::co_spawn(
      executor, [relay] { return relay->Run(); },
      [](std::exception_ptr error) { http::LogWebSocketFailure("websocket_relay_failed", error); });
}

}  // namespace shop::gateway
