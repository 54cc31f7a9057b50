#pragma once
// One service this process calls (the gateway's upstreams; a service asking the owner of a
// resource, platform/http/owner_client.hpp), with the protections a caller owes it and itself.
// The one retry/breaker loop of the code base (decision 0020):
//  - keep-alive connections from a pool (platform/http/keep_alive_pool.hpp);
//  - a timeout per attempt;
//  - retries, with jittered exponential backoff, only where they are safe: idempotent methods
//    (GET, HEAD, OPTIONS, PUT, DELETE) after any failure, and any method when the connection
//    could not even be opened (nothing was sent); and only within a retry budget (20 % on top of
//    first attempts plus 3 per 10 s by default), so retries cannot multiply the load on a
//    struggling service;
//  - a circuit breaker: after `breaker.failure_threshold` consecutive failures, calls are refused
//    at once for `breaker.open_for`, then one probe is let through (half-open) and its outcome
//    closes or reopens the breaker.
//
// What counts as a failure (decision 0020): no response (refused, timed out, broken) or a 502/504
// answer. Every other answer, 503 included, is the service's own word: it is returned unretried
// and counts as a success for the breaker. A 503 says "alive, but not now" (its worker queue is
// full, its database is away), usually with Retry-After: retrying at once would hammer a service
// that asked for room, and opening the breaker on it would replace the service's own answer with
// ours. A caller for whom a 503 means "no answer" (an owner lookup) decides that itself, from the
// returned response.
//
// Metrics (one family for every caller, label upstream = the name):
//   upstream_requests_total{upstream,status_class}   attempts: 2xx..5xx, or error (no answer)
//   upstream_request_duration_seconds{upstream}      per attempt
//   upstream_circuit_state{upstream}                 0 closed, 1 half-open, 2 open (read at
//                                                    scrape time)
//   upstream_rejected_total{upstream}                refused by the open breaker
//   upstream_retries_total{upstream,outcome}         sent | denied (by the budget)
//   upstream_connections_opened_total{upstream}, upstream_connections_idle{upstream}
// Each failed attempt is also logged (warn, upstream_attempt_failed).
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

namespace shop::http {

struct UpstreamOptions {
  std::string name{};  // metrics label and log field, e.g. "product"
  Endpoint endpoint{};
  std::chrono::milliseconds timeout{5000};  // per attempt
  int max_attempts = 2;                     // for calls that may be retried
  resilience::BackoffPolicy backoff{std::chrono::milliseconds(25), std::chrono::milliseconds(250)};
  resilience::CircuitBreakerOptions breaker{};
  resilience::RetryBudgetOptions retry_budget{};
  std::size_t max_idle = 32;
  std::chrono::milliseconds idle_timeout{30000};
  std::size_t max_response_body = 8 * 1024 * 1024;
};

// No answer from the service itself.
class UpstreamFailure : public std::runtime_error {
 public:
  enum class Kind {
    kCircuitOpen,  // refused without trying
    kUnreachable,  // no connection could be opened
    kTimeout,      // no answer within the timeout
    kBroken,       // a broken or malformed exchange
  };
  UpstreamFailure(Kind kind, const std::string& message, std::chrono::milliseconds retry_after)
      : std::runtime_error(message), kind_(kind), retry_after_(retry_after) {}
  Kind kind() const { return kind_; }
  // When a new call makes sense: the rest of the breaker's open period, else 1 s.
  std::chrono::milliseconds retry_after() const { return retry_after_; }

 private:
  Kind kind_;
  std::chrono::milliseconds retry_after_;
};

// RFC 9110 section 9.2.2.
bool IsIdempotent(Method method);

class Upstream {
 public:
  // Throws std::invalid_argument on max_attempts < 1 or bad breaker/budget options.
  Upstream(UpstreamOptions options, metrics::Registry& metrics);

  // Sends `request` (hop-by-hop headers already removed) and returns the service's answer: any
  // status, including a 502/504 of the service itself once the attempts are spent. Throws
  // UpstreamFailure when no attempt got an answer or the breaker is open.
  ClientResponse Send(const ClientRequest& request);

  resilience::BreakerState State() const { return breaker_.State(); }
  const UpstreamOptions& options() const { return options_; }

 private:
  std::chrono::milliseconds RetryDelay(int retry);
  void Observe(std::chrono::steady_clock::time_point started, metrics::Counter& outcome);
  metrics::Counter& AnsweredCounter(unsigned status);

  const UpstreamOptions options_;
  resilience::CircuitBreaker breaker_;
  resilience::RetryBudget budget_;
  metrics::Counter& opened_;
  KeepAlivePool pool_;
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

}  // namespace shop::http
