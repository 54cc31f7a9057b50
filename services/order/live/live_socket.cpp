// clang-format off
#include <utility>  // first: Boost 1.74's asio/awaitable.hpp needs std::exchange
// clang-format on

#include "order/live/live_socket.hpp"

#include <boost/asio.hpp>
#include <boost/beast/websocket.hpp>

#include "platform/http/websocket_read.hpp"

namespace shop::order {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = boost::beast::websocket;

auto Await(beast::error_code& ec) { return asio::redirect_error(asio::use_awaitable, ec); }

class LiveSocket final : public std::enable_shared_from_this<LiveSocket> {
 public:
  LiveSocket(std::unique_ptr<http::UpgradedConnection> connection, LiveFeed& feed,
             metrics::Registry& metrics, http::WebSocketSettings settings, LiveSocketStart start)
      : connection_(std::move(connection)),
        socket_(std::move(connection_->stream())),
        wake_(socket_.get_executor()),
        feed_(feed),
        open_(metrics.GetGauge("order_live_sockets", "Live order-status WebSockets open now.")),
        sent_(metrics.GetCounter("order_live_messages_sent_total",
                                 "Messages written to live order-status WebSockets.")),
        settings_(settings),
        start_(std::move(start)) {}

  ~LiveSocket() {
    if (subscriber_) {
      feed_.Unsubscribe(subscriber_);
      open_.Add(-1);
    }
  }

  LiveSocket(const LiveSocket&) = delete;
  LiveSocket& operator=(const LiveSocket&) = delete;

  asio::any_io_executor executor() { return socket_.get_executor(); }

  // Coroutines of a socket are spawned with a lambda that holds it: the frame of a member
  // coroutine alone would not keep the object alive.
  asio::awaitable<void> Run() {
    if (const beast::error_code ec =
            co_await http::AcceptWebSocket(*connection_, socket_, kLiveProtocol, settings_)) {
      co_return;  // the client left, or its upgrade was not a valid one (Beast answered it)
    }
    const std::weak_ptr<LiveSocket> weak = weak_from_this();
    connection_->OnDrain([weak] {
      if (const auto socket = weak.lock()) {
        socket->draining_ = true;
        socket->wake_.cancel();
      }
    });
    subscriber_ = feed_.Subscribe(start_.user_id, start_.cursor, start_.backlog,
                                  [weak, executor = socket_.get_executor()] {
                                    asio::post(executor, [weak] {
                                      if (const auto socket = weak.lock()) {
                                        socket->wake_.cancel();
                                      }
                                    });
                                  });
    open_.Add(1);
    asio::co_spawn(
        socket_.get_executor(), [self = shared_from_this()] { return self->ReadUntilClosed(); },
        asio::detached);
    co_await WriteUntilDone();
  }

 private:
  // Reads what the client sends (so Beast sees pings and the close) and drops it.
  asio::awaitable<void> ReadUntilClosed() {
    beast::flat_buffer buffer;
    while (!co_await http::ReadMessage(socket_, buffer)) {
      buffer.clear();
      buffer.shrink_to_fit();  // nothing kept while idle
    }
    reader_done_ = true;
    wake_.cancel();
  }

  asio::awaitable<void> WriteUntilDone() {
    socket_.text(true);
    while (!reader_done_) {
      if (draining_) {
        co_await Close({websocket::close_code::going_away, "server shutting down"});
        co_return;
      }
      LiveSubscriber::Next next = subscriber_->TakeNext();
      if (next.wants_refill) {
        feed_.Drained(subscriber_);
      }
      if (next.overflowed) {
        co_await Close({websocket::close_code::policy_error, "send queue full"});
        co_return;
      }
      beast::error_code ec;
      if (next.message) {
        co_await socket_.async_write(asio::buffer(next.message->json), Await(ec));
        if (ec) {
          co_return;  // the stream has failed; the reader ends too
        }
        sent_.Inc();
        continue;
      }
      wake_.expires_at(asio::steady_timer::time_point::max());
      co_await wake_.async_wait(Await(ec));
    }
  }

  asio::awaitable<void> Close(websocket::close_reason reason) {
    beast::error_code ec;
    co_await socket_.async_close(reason, Await(ec));
  }

  std::unique_ptr<http::UpgradedConnection> connection_;  // keeps the server's registration
  http::WebSocket socket_;
  asio::steady_timer wake_;  // the writer waits on it; cancel() wakes it
  LiveFeed& feed_;
  metrics::Gauge& open_;
  metrics::Counter& sent_;
  const http::WebSocketSettings settings_;
  const LiveSocketStart start_;
  std::shared_ptr<LiveSubscriber> subscriber_;
  bool reader_done_ = false;
  bool draining_ = false;
};

}  // namespace

void StartLiveSocket(std::unique_ptr<http::UpgradedConnection> connection, LiveFeed& feed,
                     metrics::Registry& metrics, const http::WebSocketSettings& settings,
                     LiveSocketStart start) {
  auto socket = std::make_shared<LiveSocket>(std::move(connection), feed, metrics, settings,
                                             std::move(start));
  const asio::any_io_executor executor = socket->executor();
  asio::co_spawn(
      executor, [socket] { return socket->Run(); },
      [](std::exception_ptr error) { http::LogWebSocketFailure("live_socket_failed", error); });
}

}  // namespace shop::order
