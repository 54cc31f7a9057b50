// The hand-over of a connection to an upgrade route's takeover (platform/http/upgrade.hpp): the
// connection stays registered for Drain through the UpgradedConnection's owner.
// clang-format off
#include <utility>  // first: Boost 1.74's asio/awaitable.hpp needs std::exchange
// clang-format on

#include "platform/http/request_id.hpp"
#include "platform/http/server_impl.hpp"
#include "platform/http/upgraded_connection.hpp"
#include "platform/logging/log.hpp"

namespace shop::http {

namespace asio = boost::asio;

// The server's side of an upgraded connection: its registration, its access-log line.
class HttpServer::Impl::UpgradeOwner final : public UpgradedConnection::Owner {
 public:
  UpgradeOwner(HttpServer::Impl& server, asio::any_io_executor executor, Exchange exchange,
               Peer peer)
      : server_(server),
        connection_(std::make_shared<ConnectionState>()),
        exchange_(std::move(exchange)),
        peer_(std::move(peer)) {
    connection_->executor = std::move(executor);
    server_.Register(connection_);
  }
  ~UpgradeOwner() override { server_.Unregister(connection_); }
  UpgradeOwner(const UpgradeOwner&) = delete;
  UpgradeOwner& operator=(const UpgradeOwner&) = delete;

  const std::string& RequestId() const override { return exchange_.request_id; }
  const std::string& Traceparent() const override { return exchange_.traceparent; }

  void Record(unsigned status, std::size_t bytes_out) override {
    exchange_.status = status;
    exchange_.bytes_out = bytes_out;
    server_.Record(exchange_, peer_);
  }

  void OnDrain(std::function<void()> action) override {
    connection_->drain_action = std::move(action);
    if (server_.draining) {
      // The drain may have visited this connection before the action was set: run it now (the
      // exchange makes it run once whoever comes first).
      asio::post(connection_->executor, [connection = connection_] {
        if (auto pending = std::exchange(connection->drain_action, nullptr)) {
          pending();
        }
      });
    }
  }

 private:
  HttpServer::Impl& server_;
  std::shared_ptr<ConnectionState> connection_;
  Exchange exchange_;
  const Peer peer_;
};

void HttpServer::Impl::HandOver(boost::beast::tcp_stream& stream, BeastRequest&& head,
                                Takeover takeover, const Exchange& exchange, const Peer& peer) {
  Exchange handed = exchange;
  if (handed.request_id.empty()) {
    handed.request_id = GenerateRequestId();
  }
  stream.expires_never();  // the takeover's protocol sets its own timeouts
  auto owner =
      std::make_unique<UpgradeOwner>(*this, stream.get_executor(), std::move(handed), peer);
  auto connection =
      std::make_unique<UpgradedConnection>(std::move(stream), std::move(head), std::move(owner));
  try {
    takeover(std::move(connection));
  } catch (const std::exception& error) {
    // The connection (if the takeover did not keep it) closes with its object.
    logging::Error("http_takeover_failed",
                   {{"route", exchange.route}, {"remote", peer.endpoint}, {"error", error.what()}});
  }
}

}  // namespace shop::http
