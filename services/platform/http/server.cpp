// clang-format off
#include <utility>  // first: Boost 1.74's asio/awaitable.hpp needs std::exchange
// clang-format on

#include "platform/http/server.hpp"

#include <csignal>
#include <future>

#include "platform/http/server_impl.hpp"
#include "platform/logging/log.hpp"

namespace shop::http {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

void RunIoContext(asio::io_context& io_context) {
  while (true) {
    try {
      io_context.run();
      return;
    } catch (const std::exception& error) {
      // A handler threw out of the event loop; keep serving the other connections.
      logging::Error("http_io_error", {{"error", error.what()}});
    }
  }
}

}  // namespace

HttpServer::Impl::Impl(ServerOptions options_in, const Router& router_in,
                       metrics::Registry& metrics_in)
    : options(std::move(options_in)),
      router(router_in),
      metrics(metrics_in),
      in_flight(
          metrics.GetGauge("http_requests_in_flight", "HTTP requests read and not yet answered.")),
      pool(std::make_shared<WorkerPool>(options.workers, options.queue_capacity)),
      io_context(static_cast<int>(options.io_threads)),
      acceptor(asio::make_strand(io_context)) {
  if (options.io_threads == 0) {
    throw std::invalid_argument("ServerOptions::io_threads must be at least 1");
  }
  metrics.GetGauge("http_worker_queue_capacity", "Requests that may wait for a worker.")
      .Set(static_cast<double>(options.queue_capacity));
  // The callback outlives the server inside the registry: it must not keep the pool alive.
  metrics.AddCallbackGauge("http_worker_queue_depth", "Requests waiting for a worker.",
                           [weak = std::weak_ptr<WorkerPool>(pool)] {
                             const auto locked = weak.lock();
                             return locked ? static_cast<double>(locked->QueueDepth()) : 0.0;
                           });
  for (const char* reason :
       {"queue_full", "body_too_large", "bad_request", "bad_framing", "headers_too_large"}) {
    metrics.GetCounter("http_requests_rejected_total",
                       "HTTP requests refused before reaching a handler.", {"reason"}, {reason});
  }
}

HttpServer::HttpServer(ServerOptions options, const Router& router, metrics::Registry& metrics)
    : impl_(std::make_unique<Impl>(std::move(options), router, metrics)) {}

HttpServer::~HttpServer() { Drain(); }

std::uint16_t HttpServer::Start() {
  std::lock_guard lock(impl_->lifecycle_mutex);
  if (impl_->started || impl_->drained) {
    throw std::logic_error("HttpServer::Start called twice");
  }
  const tcp::endpoint endpoint(asio::ip::make_address(impl_->options.address), impl_->options.port);
  impl_->acceptor.open(endpoint.protocol());
  impl_->acceptor.set_option(asio::socket_base::reuse_address(true));
  impl_->acceptor.bind(endpoint);
  impl_->acceptor.listen(asio::socket_base::max_listen_connections);
  const std::uint16_t port = impl_->acceptor.local_endpoint().port();

  impl_->work.emplace(impl_->io_context.get_executor());
  asio::co_spawn(impl_->acceptor.get_executor(), impl_->AcceptLoop(), asio::detached);
  for (std::size_t i = 0; i < impl_->options.io_threads; ++i) {
    impl_->io_threads.emplace_back([this] { RunIoContext(impl_->io_context); });
  }
  impl_->started = true;
  logging::Info("http_listening", {{"address", impl_->options.address},
                                   {"port", port},
                                   {"io_threads", impl_->options.io_threads},
                                   {"workers", impl_->options.workers},
                                   {"queue_capacity", impl_->options.queue_capacity}});
  return port;
}

void HttpServer::RunUntilSignal() {
  asio::io_context signal_context(1);
  asio::signal_set signals(signal_context, SIGINT, SIGTERM);
  int received = 0;
  signals.async_wait([&received](const boost::system::error_code& ec, int signal_number) {
    if (!ec) {
      received = signal_number;
    }
  });
  signal_context.run();
  logging::Info("shutdown_signal", {{"signal", received == SIGTERM ? "SIGTERM" : "SIGINT"}});
  Drain();
}

void HttpServer::Drain() {
  std::lock_guard lock(impl_->lifecycle_mutex);
  if (impl_->drained) {
    return;
  }
  impl_->drained = true;
  if (!impl_->started) {
    impl_->pool->Stop();
    return;
  }
  const auto started = std::chrono::steady_clock::now();
  impl_->draining = true;

  // Close the listening socket on its strand and wait for it: from here on, connects are refused.
  std::promise<void> closed;
  asio::post(impl_->acceptor.get_executor(), [this, &closed] {
    boost::system::error_code ignored;
    impl_->acceptor.close(ignored);
    closed.set_value();
  });
  closed.get_future().wait();

  impl_->CloseIdleConnections();
  std::size_t remaining = 0;
  {
    std::unique_lock connections_lock(impl_->connections_mutex);
    impl_->connections_changed.wait_until(connections_lock, started + impl_->options.drain_timeout,
                                          [this] { return impl_->connections.empty(); });
    remaining = impl_->connections.size();
  }

  impl_->work.reset();
  impl_->io_context.stop();
  for (std::thread& thread : impl_->io_threads) {
    thread.join();
  }
  // Handlers still running (drain timeout reached) are waited for here; queued ones are dropped.
  impl_->pool->Stop();
  const auto elapsed =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started);
  logging::Info("http_drained", {{"duration_ms", elapsed.count()}, {"connections_cut", remaining}});
}

asio::awaitable<void> HttpServer::Impl::AcceptLoop() {
  while (true) {
    boost::system::error_code ec;
    tcp::socket socket =
        co_await acceptor.async_accept(asio::any_io_executor(asio::make_strand(io_context)),
                                       asio::redirect_error(asio::use_awaitable, ec));
    if (!acceptor.is_open() || ec == asio::error::operation_aborted) {
      co_return;
    }
    if (ec) {
      // E.g. EMFILE: log, back off briefly, keep accepting.
      logging::Error("http_accept_failed", {{"error", ec.message()}});
      asio::steady_timer pause(acceptor.get_executor(), std::chrono::milliseconds(50));
      co_await pause.async_wait(asio::redirect_error(asio::use_awaitable, ec));
      continue;
    }
    auto executor = socket.get_executor();
    asio::co_spawn(executor, Session(std::move(socket)), asio::detached);
  }
}

void HttpServer::Impl::Register(const std::shared_ptr<ConnectionState>& connection) {
  std::lock_guard lock(connections_mutex);
  connections.insert(connection);
}

void HttpServer::Impl::Unregister(const std::shared_ptr<ConnectionState>& connection) {
  {
    std::lock_guard lock(connections_mutex);
    connections.erase(connection);
  }
  connections_changed.notify_all();
}

void HttpServer::Impl::CloseIdleConnections() {
  std::lock_guard lock(connections_mutex);
  for (const auto& connection : connections) {
    // A session that is busy now checks `draining` before it waits for another request; an
    // upgraded one is asked to end by its takeover's drain action.
    asio::post(connection->executor, [connection] {
      if (connection->stream != nullptr && connection->awaiting_request) {
        connection->stream->cancel();
      } else if (auto action = std::exchange(connection->drain_action, nullptr)) {
        action();
      }
    });
  }
}

}  // namespace shop::http
