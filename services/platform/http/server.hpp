#pragma once
// HTTP/1.1 server on Boost.Beast with C++20 coroutines.
//  - `io_threads` run the sockets; handlers run on a bounded WorkerPool (they may block on
//    Postgres). When the pool's queue is full the server answers 503 + Retry-After at once.
//  - Keep-alive; body limit (413 problem beyond it); a header timeout (a client that never
//    finishes its headers is disconnected), a body read timeout and an idle keep-alive timeout.
//  - X-Request-ID echoed (generated when absent), traceparent passed to the handler, one JSON
//    access-log line per request, request counts and latency histograms by route and status.
//  - Drain(): stops accepting, lets in-flight requests finish (up to drain_timeout), closes idle
//    connections, then returns.
//
// Details the implementation guarantees:
//  - Timeouts: header_timeout runs from the connection's first byte (or accept) to the end of the
//    headers; read_timeout bounds the body read and the response write; idle_timeout bounds the
//    wait for the first byte of the next keep-alive request. Expiry closes the socket silently.
//  - Errors before a handler runs: malformed HTTP -> 400 problem and close; body over body_limit
//    -> 413 problem and close (after a bounded lingering read so the client sees the answer);
//    malformed percent-encoding in the target -> 400 problem; queue full -> 503 problem with
//    Retry-After: 1; request line and headers over Beast's 8 KiB limit -> 431 problem and close.
//    Each is counted in http_requests_rejected_total{reason}.
//  - Ambiguous framing (request smuggling, RFC 9112 section 6.3): Content-Length together with
//    Transfer-Encoding, a Transfer-Encoding other than exactly "chunked", conflicting
//    Content-Lengths -> 400 problem (urn:shop:problem:bad-framing) and close, decided on the
//    headers: no handler runs and the body is never read as a request. Reason "bad_framing".
//  - Request.remote_address is the socket peer's IP address (never a forwarded-for header).
//  - Request.path is percent-decoded (so %2F becomes '/'); the query is form-decoded ('+' is a
//    space). Responses always carry X-Request-ID and Content-Length; traceparent when valid.
//  - Drain: closes the listener first (new connects are refused), cancels connections waiting for
//    a request, lets the others answer with `Connection: close`, waits up to drain_timeout, then
//    stops the IO threads and the workers. Queued-but-unstarted handlers past the deadline are
//    dropped; a handler still running is waited for (it cannot be interrupted).
//  - Metrics on the registry: http_requests_total{method,route,status},
//    http_request_duration_seconds{method,route}, http_requests_in_flight,
//    http_worker_queue_depth, http_worker_queue_capacity, http_requests_rejected_total{reason}.
//    Route labels are router patterns or "unmatched": cardinality stays bounded.
//  - RunUntilSignal: waits for SIGTERM/SIGINT with an asio::signal_set, logs it, then Drain().

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "platform/http/router.hpp"
#include "platform/metrics/registry.hpp"

namespace shop::http {

struct ServerOptions {
  std::string address = "0.0.0.0";
  std::uint16_t port = 0;  // 0 picks a free port; Start() returns the real one
  std::size_t io_threads = 1;
  std::size_t workers = 4;
  std::size_t queue_capacity = 64;
  std::size_t body_limit = 1024 * 1024;
  std::chrono::milliseconds header_timeout{10000};
  std::chrono::milliseconds read_timeout{30000};
  std::chrono::milliseconds idle_timeout{60000};
  std::chrono::milliseconds drain_timeout{20000};
  // The edge of the system (the gateway) starts a trace for a request that arrives without a
  // valid traceparent, so every service it calls logs, and every event it writes carries, one.
  bool start_traces = false;
};

class HttpServer {
 public:
  HttpServer(ServerOptions options, const Router& router, metrics::Registry& metrics);
  ~HttpServer();  // drains if still running
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and starts the IO threads; returns the bound port. Throws on bind failure.
  std::uint16_t Start();
  // Blocks until SIGTERM or SIGINT arrives, then drains.
  void RunUntilSignal();
  // Graceful stop; idempotent; safe to call from any thread except an IO or worker thread.
  void Drain();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace shop::http
