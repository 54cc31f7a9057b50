#pragma once
// One service behind the gateway, with the protections a proxy owes it and its own clients:
//  - keep-alive connections from a pool (platform/http/keep_alive_pool.hpp);
//  - a timeout per attempt;
//  - retries, with jittered exponential backoff, only where they are safe: idempotent methods
//    (GET, HEAD, OPTIONS, PUT, DELETE) after any failure, and any method when the connection
//    could not even be opened (nothing was sent); and only within a retry budget (20 % on top of
//    first attempts by default), so retries cannot multiply the load on a struggling service;
//  - a circuit breaker: after `breaker.failure_threshold` consecutive failures, requests are
//    refused at once for `breaker.open_for` (the client gets 503 with Retry-After), then one probe
//    is let through (half-open) and its outcome closes or reopens the breaker.
// A failure is no response (refused, timed out, broken) or a 502/504 answer. Every other answer,
// 503 included, is the service's word and passes through unretried: a service that says "busy"
// with Retry-After must not be hammered, nor its breaker opened by a burst of it.
//
// Metrics, label upstream = the name:
//   gateway_upstream_requests_total{upstream,status_class}   attempts: 2xx..5xx, or error
//   gateway_upstream_request_duration_seconds{upstream}      per attempt
//   gateway_upstream_circuit_state{upstream}                 0 closed, 1 half-open, 2 open (read
//                                                            at scrape time)
//   gateway_upstream_rejected_total{upstream}                refused by the open breaker
//   gateway_upstream_retries_total{upstream,outcome}         sent | denied (by the budget)
//   gateway_upstream_connections_opened_total{upstream},
//   gateway_upstream_connections_idle{upstream}
//
// Thread-safe. The metrics registry holds callbacks into the object: it must outlive the
// registry's last rendering.

#include <chrono>
#include <cstddef>
#include <mutex>
#include <random>
#include <stdexcept>
#include <string>

#include "platform/http/client.hpp"
#include "platform/http/keep_alive_pool.hpp"
#include "platform/metrics/registry.hpp"
#include "platform/resilience/backoff.hpp"
#include "platform/resilience/circuit_breaker.hpp"
#include "platform/resilience/retry_budget.hpp"

namespace shop::gateway {

struct UpstreamOptions {
  std::string name{};  // "product"
  http::Endpoint endpoint{};
  std::chrono::milliseconds timeout{5000};  // per attempt
  int max_attempts = 2;                     // for requests that may be retried
  resilience::BackoffPolicy backoff{std::chrono::milliseconds(25), std::chrono::milliseconds(250)};
  resilience::CircuitBreakerOptions breaker{};
  resilience::RetryBudgetOptions retry_budget{};
  std::size_t max_idle = 32;
  std::chrono::milliseconds idle_timeout{30000};
  std::size_t max_response_body = 8 * 1024 * 1024;
};

// No answer the client should see as the service's own.
class UpstreamFailure : public std::runtime_error {
 public:
  enum class Kind {
    kCircuitOpen,  // refused without trying: 503
    kUnreachable,  // no connection could be opened: 503
    kTimeout,      // no answer within the timeout: 504
    kBroken,       // a broken or malformed exchange: 502
  };
  UpstreamFailure(Kind kind, const std::string& message, std::chrono::milliseconds retry_after)
      : std::runtime_error(message), kind_(kind), retry_after_(retry_after) {}
  Kind kind() const { return kind_; }
  std::chrono::milliseconds retry_after() const { return retry_after_; }

 private:
  Kind kind_;
  std::chrono::milliseconds retry_after_;
};

bool IsIdempotent(http::Method method);

class Upstream {
 public:
  // Throws std::invalid_argument on max_attempts < 1 or bad breaker/budget options.
  Upstream(UpstreamOptions options, metrics::Registry& metrics);

  // Sends `request` (headers already filtered) and returns the service's answer. Throws
  // UpstreamFailure.
  http::ClientResponse Forward(const http::ClientRequest& request);

  resilience::BreakerState State() const { return breaker_.State(); }
  const UpstreamOptions& options() const { return options_; }

 private:
  std::chrono::milliseconds RetryDelay(int retry);
  void Observe(std::chrono::steady_clock::time_point started, metrics::Counter& outcome);

  const UpstreamOptions options_;
  resilience::CircuitBreaker breaker_;
  resilience::RetryBudget budget_;
  metrics::Counter& opened_;
  http::KeepAlivePool pool_;
  std::mutex random_mutex_;
  std::mt19937 random_;
  metrics::Counter& answered_2xx_;
  metrics::Counter& answered_3xx_;
  metrics::Counter& answered_4xx_;
  metrics::Counter& answered_5xx_;
  metrics::Counter& errors_;
  metrics::Histogram& duration_;
  metrics::Counter& rejected_;
  metrics::Counter& retries_sent_;
  metrics::Counter& retries_denied_;
};

}  // namespace shop::gateway
