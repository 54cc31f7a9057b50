#pragma once
// Calls to one other service ("upstream") with the protections a caller owes it and itself:
// a per-attempt timeout, a bounded number of attempts with jittered exponential backoff (for
// idempotent requests only) within an optional retry budget shared by every call of the client,
// and a circuit breaker that fails fast while the upstream is down.
//
// An attempt fails when no response arrives (connection refused, timeout, broken exchange) or the
// response is 502, 503 or 504; failures count towards the breaker. Any other status is the
// upstream's answer and is returned as is (a 404 is an answer, not a failure).
//
// Metrics, label upstream = UpstreamOptions::name:
//   upstream_requests_total{upstream, outcome="answered|failed|rejected"} per attempt
//   upstream_request_duration_seconds{upstream} per attempt
//   upstream_circuit_state{upstream} 0 closed, 1 half-open, 2 open (as of the last call)

#include <chrono>
#include <mutex>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>

#include "platform/http/client.hpp"
#include "platform/metrics/registry.hpp"
#include "platform/resilience/backoff.hpp"
#include "platform/resilience/circuit_breaker.hpp"
#include "platform/resilience/retry_budget.hpp"

namespace shop::http {

struct UpstreamOptions {
  std::string name;  // metrics label and log field, e.g. "category"
  Endpoint endpoint;
  std::chrono::milliseconds timeout{1000};  // per attempt
  int max_attempts = 3;
  resilience::BackoffPolicy backoff{std::chrono::milliseconds(50), std::chrono::milliseconds(400)};
  resilience::CircuitBreakerOptions breaker;
  // When set, retries beyond the budget are not made: the call fails after its last attempt.
  std::optional<resilience::RetryBudgetOptions> retry_budget{};
};

// The upstream gave no usable answer: the breaker is open, or every attempt failed.
class UpstreamUnavailable : public std::runtime_error {
 public:
  UpstreamUnavailable(const std::string& message, std::chrono::milliseconds retry_after)
      : std::runtime_error(message), retry_after_(retry_after) {}
  std::chrono::milliseconds retry_after() const { return retry_after_; }

 private:
  std::chrono::milliseconds retry_after_;
};

class UpstreamClient {
 public:
  // `metrics` must outlive the client. Thread-safe.
  UpstreamClient(UpstreamOptions options, metrics::Registry& metrics);

  // GET `target` with retries. Throws UpstreamUnavailable.
  ClientResponse Get(const std::string& target, const Headers& headers = {});

  resilience::BreakerState State() const { return breaker_.State(); }

 private:
  std::chrono::milliseconds RetryDelay(int attempt);
  void PublishState();

  const UpstreamOptions options_;
  resilience::CircuitBreaker breaker_;
  std::optional<resilience::RetryBudget> retry_budget_;
  std::mutex random_mutex_;
  std::mt19937 random_;
  metrics::Counter& answered_;
  metrics::Counter& failed_;
  metrics::Counter& rejected_;
  metrics::Histogram& duration_;
  metrics::Gauge& state_;
};

}  // namespace shop::http
