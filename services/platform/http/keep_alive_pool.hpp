#pragma once
// HTTP/1.1 exchanges with one upstream over pooled keep-alive connections, for callers that may
// block (handlers on worker threads; the gateway). Opening a TCP connection per request costs a
// handshake and, under load, piles up TIME_WAIT sockets; the pool keeps a few idle connections
// and hands the most recently used one out first.
//
// Contract:
//  - Send() runs one exchange (connect when needed, write, read), all bounded by `deadline`.
//    Beast's synchronous calls ignore deadlines, so each connection owns a one-thread io_context
//    whose asynchronous operations the calling thread runs until they complete or the deadline
//    passes (then the socket is closed).
//  - An idle connection is reused only while younger than `idle_timeout` (keep it below the
//    upstream's own idle timeout, 60 s for our services) and when a non-blocking peek shows the
//    peer has not closed it. A reused connection that still turns out stale is replaced by a
//    fresh one and the request sent again when the request certainly did not reach the upstream
//    (the write failed) or `idempotent` is true (the read failed before any byte of a response).
//    Otherwise the error is thrown: a non-idempotent request is never sent twice.
//  - A connection goes back to the pool after a complete response that allows keep-alive, if
//    fewer than `max_idle` are idle; after any error it is closed.
//  - Errors are ClientError: kConnect (the request was not sent: safe to retry for any method),
//    kTimeout, kProtocol (broken exchange, malformed or oversized response).
//  - Host names other than IP literals are resolved by the system resolver when a connection is
//    opened (not bounded by the deadline); our deployments use IP addresses.
// Thread-safe: any number of threads may Send at once; each connection serves one at a time.

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "platform/http/client.hpp"

namespace shop::http {

namespace detail {
struct PooledConnection;  // a socket with its io_context and read buffer (keep_alive_pool.cpp)
}  // namespace detail

struct KeepAlivePoolOptions {
  Endpoint endpoint{};
  std::size_t max_idle = 32;
  std::chrono::milliseconds idle_timeout{30000};
  std::size_t max_response_body = 8 * 1024 * 1024;
  std::function<void()> on_connection_opened{};  // optional, e.g. to count connections
};

class KeepAlivePool {
 public:
  explicit KeepAlivePool(KeepAlivePoolOptions options);
  ~KeepAlivePool();
  KeepAlivePool(const KeepAlivePool&) = delete;
  KeepAlivePool& operator=(const KeepAlivePool&) = delete;

  // Host, Content-Length and Connection are set by the pool; hop-by-hop headers are the caller's
  // to remove. HEAD responses are read without a body. Throws ClientError.
  ClientResponse Send(const ClientRequest& request, std::chrono::steady_clock::time_point deadline,
                      bool idempotent);

  std::size_t IdleCount() const;
  std::uint64_t OpenedCount() const { return opened_.load(); }
  const Endpoint& endpoint() const { return options_.endpoint; }

 private:
  using Connection = detail::PooledConnection;

  // A live idle connection, or null.
  std::unique_ptr<Connection> TakeIdle();
  void GiveBack(std::unique_ptr<Connection> connection);
  // Throws ClientError kConnect.
  std::unique_ptr<Connection> Open(std::chrono::steady_clock::time_point deadline);

  const KeepAlivePoolOptions options_;
  std::atomic<std::uint64_t> opened_{0};
  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<Connection>> idle_;  // most recently used last
};

}  // namespace shop::http
