#pragma once
// HttpServer's state, shared by server.cpp (lifecycle, accept, drain) and session.cpp (one
// connection). Private to the server.

// clang-format off
#include <utility>  // first: Boost 1.74's asio/awaitable.hpp needs std::exchange
// clang-format on

#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <vector>

#include "platform/http/beast_messages.hpp"
#include "platform/http/problem.hpp"
#include "platform/http/server.hpp"
#include "platform/http/upgrade.hpp"
#include "platform/http/worker_pool.hpp"

namespace shop::http {

// One connection as Drain sees it. Fields are read and written on the connection's strand only.
struct ConnectionState {
  boost::asio::any_io_executor executor;
  boost::beast::tcp_stream* stream = nullptr;  // null once the session has ended
  bool awaiting_request = false;  // between requests or reading headers: safe to close on drain
  // An upgraded connection's way to end on drain (UpgradedConnection::OnDrain); run once.
  std::function<void()> drain_action;
};

// The socket peer of a connection: its IP address (Request::remote_address) and "ip:port" for logs.
struct Peer {
  std::string address;
  std::string endpoint;
};

// What one request produced, for the access log and the metrics.
struct Exchange {
  std::string method = "OTHER";
  std::string path;
  std::string route = "unmatched";
  unsigned status = 0;
  std::string request_id;
  std::string traceparent;
  std::size_t bytes_in = 0;
  std::size_t bytes_out = 0;
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
};

struct HttpServer::Impl {
  class UpgradeOwner;  // upgrade_session.cpp: the server's side of a handed-over connection

  Impl(ServerOptions options, const Router& router, metrics::Registry& metrics);

  boost::asio::awaitable<void> AcceptLoop();
  boost::asio::awaitable<void> Session(boost::asio::ip::tcp::socket socket);
  // Reads, handles and answers one request; false when the connection must close.
  boost::asio::awaitable<bool> HandleOne(boost::beast::tcp_stream& stream,
                                         boost::beast::flat_buffer& buffer,
                                         ConnectionState& connection, const Peer& peer);
  boost::asio::awaitable<bool> Answer(boost::beast::tcp_stream& stream, Response&& response,
                                      Exchange& exchange, unsigned version, bool head,
                                      bool keep_alive, const Peer& peer);
  // Answers a request refused before any handler runs and closes the connection; `reason` labels
  // http_requests_rejected_total.
  boost::asio::awaitable<void> Refuse(boost::beast::tcp_stream& stream, const Problem& problem,
                                      const char* reason, Exchange& exchange, unsigned version,
                                      const Peer& peer);
  boost::asio::awaitable<void> LingeringClose(boost::beast::tcp_stream& stream);
  // Hands the connection to an upgrade route's takeover (upgrade_session.cpp); `stream` is left
  // moved-from.
  void HandOver(boost::beast::tcp_stream& stream, BeastRequest&& head, Takeover takeover,
                const Exchange& exchange, const Peer& peer);
  void Record(const Exchange& exchange, const Peer& peer);
  void Register(const std::shared_ptr<ConnectionState>& connection);
  void Unregister(const std::shared_ptr<ConnectionState>& connection);
  void CloseIdleConnections();

  const ServerOptions options;
  const Router& router;
  metrics::Registry& metrics;
  metrics::Gauge& in_flight;
  std::shared_ptr<WorkerPool> pool;

  std::atomic<bool> draining{false};
  std::mutex connections_mutex;
  std::condition_variable connections_changed;
  std::set<std::shared_ptr<ConnectionState>> connections;

  std::mutex lifecycle_mutex;  // Start and Drain
  bool started = false;
  bool drained = false;

  // Declared after everything a coroutine frame touches: destroying the io_context destroys
  // suspended sessions, whose destructors unregister themselves.
  boost::asio::io_context io_context;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work;
  boost::asio::ip::tcp::acceptor acceptor;
  std::vector<std::thread> io_threads;
};

}  // namespace shop::http
