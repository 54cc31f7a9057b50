#pragma once
// One service this process calls (the gateway's upstreams; a service asking the owner of a
// resource, platform/http/owner_client.hpp), with the protections a caller owes it and itself.
// The one retry/breaker loop of the code base (decisions 0020 and 0040):
//  - one or more instances of the service (`endpoints`), each with its own keep-alive connections
//    (platform/http/keep_alive_pool.hpp), its own circuit breaker and, when health checks are on,
//    its own health;
//  - each attempt goes to the next instance in round-robin order that is healthy and whose
//    breaker admits a call; a retry goes to an instance this call has not tried yet when one is
//    available. Health only steers: when no healthy instance admits a call, an unhealthy one whose
//    breaker admits it is used (so a lone instance is never skipped on health alone); only the
//    breakers refuse (kCircuitOpen once every instance's breaker is open);
//  - a timeout per attempt;
//  - retries, with jittered exponential backoff, only where they are safe: idempotent methods
//    (GET, HEAD, OPTIONS, PUT, DELETE) after any failure, and any method when the connection
//    could not even be opened (nothing was sent); and only within a retry budget (20 % on top of
//    first attempts plus 3 per 10 s by default), so retries cannot multiply the load on a
//    struggling service. Budget and backoff are the upstream's, shared by its instances;
//  - a circuit breaker per instance: after `breaker.failure_threshold` consecutive failures of
//    that instance, it gets no calls for `breaker.open_for`, then one probe is let through
//    (half-open) and its outcome closes or reopens the breaker;
//  - active health checks (`health.interval` > 0 and at least two instances): a background thread
//    GETs `health.path` on each instance every interval; `health.failures` consecutive failed
//    probes (no 2xx within min(timeout, interval)) mark it down, one success marks it up.
//
// What counts as a failure (decision 0020): no response (refused, timed out, broken) or a 502/504
// answer. Every other answer, 503 included, is the service's own word: it is returned unretried
// and counts as a success for the breaker. A 503 says "alive, but not now" (its worker queue is
// full, its database is away), usually with Retry-After: retrying at once would hammer a service
// that asked for room, and opening the breaker on it would replace the service's own answer with
// ours. A caller for whom a 503 means "no answer" (an owner lookup) decides that itself, from the
// returned response.
//
// Metrics (one family for every caller, label upstream = the name; address = an instance's
// host:port, never "instance", which Prometheus gives the scraped target):
//   upstream_requests_total{upstream,status_class}   attempts: 2xx..5xx, or error (no answer)
//   upstream_request_duration_seconds{upstream}      per attempt
//   upstream_circuit_state{upstream}                 the best instance's breaker: 0 closed,
//                                                    1 half-open, 2 open (2: every instance open;
//                                                    read at scrape time)
//   upstream_rejected_total{upstream}                refused by the open breakers
//   upstream_retries_total{upstream,outcome}         sent | denied (by the budget)
//   upstream_connections_opened_total{upstream}, upstream_connections_idle{upstream}
//   upstream_instance_circuit_state{upstream,address}      per instance, 0/1/2 as above
//   upstream_instance_up{upstream,address}                 1 healthy (or not checked), 0 down
//   upstream_instance_attempts_total{upstream,address,outcome}  success | failure (decision 0020)
// Each failed attempt is also logged (warn, upstream_attempt_failed, with the instance), and each
// change of an instance's health (upstream_instance_down warn, upstream_instance_up info).
//
// Thread-safe. The metrics registry holds callbacks into the object: it must outlive the
// registry's last rendering.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "platform/http/client.hpp"
#include "platform/http/keep_alive_pool.hpp"
#include "platform/metrics/registry.hpp"
#include "platform/resilience/backoff.hpp"
#include "platform/resilience/circuit_breaker.hpp"
#include "platform/resilience/retry_budget.hpp"

namespace shop::http {

// Active health checks of an upstream's instances (decision 0040).
struct HealthCheckOptions {
  std::chrono::milliseconds interval{0};  // 0: off; they also stay off for a lone instance
  int failures = 2;                       // consecutive failed probes that mark an instance down
  std::string path = "/ready";
};

struct UpstreamOptions {
  std::string name{};                       // metrics label and log field, e.g. "product"
  std::vector<Endpoint> endpoints{};        // its instances: at least one, each once
  std::chrono::milliseconds timeout{5000};  // per attempt
  int max_attempts = 2;                     // for calls that may be retried
  resilience::BackoffPolicy backoff{std::chrono::milliseconds(25), std::chrono::milliseconds(250)};
  resilience::CircuitBreakerOptions breaker{};
  resilience::RetryBudgetOptions retry_budget{};
  std::size_t max_idle = 32;
  std::chrono::milliseconds idle_timeout{30000};
  std::size_t max_response_body = 8 * 1024 * 1024;
  HealthCheckOptions health{};
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
  // An instance as /ready and tests see it.
  struct InstanceStatus {
    Endpoint endpoint;
    resilience::BreakerState state;
    bool healthy;  // true when its health is not checked
  };

  // Throws std::invalid_argument on max_attempts < 1, no endpoint, one listed twice, or bad
  // breaker/budget/health options. Starts the health checks when they are on.
  Upstream(UpstreamOptions options, metrics::Registry& metrics);
  ~Upstream();
  Upstream(const Upstream&) = delete;
  Upstream& operator=(const Upstream&) = delete;

  // Sends `request` (hop-by-hop headers already removed) and returns the service's answer: any
  // status, including a 502/504 of the service itself once the attempts are spent. Throws
  // UpstreamFailure when no attempt got an answer or the breaker is open.
  ClientResponse Send(const ClientRequest& request);

  // The upstream as a whole: the best of its instances' breakers (closed when any is closed,
  // open only when all are). With one instance, that instance's breaker.
  resilience::BreakerState State() const;
  std::vector<InstanceStatus> Instances() const;
  // Whether the background health checks run (interval > 0 and two instances or more).
  bool HealthChecked() const { return health_thread_.joinable(); }
  // An instance for a connection the caller opens itself (a WebSocket relay): the next one in
  // round-robin order whose breaker is not open, healthy ones first; the first instance when
  // every breaker is open. Takes no breaker permit.
  Endpoint PickEndpoint();
  const UpstreamOptions& options() const { return options_; }

 private:
  struct Instance;

  // The index of the instance for the next attempt, holding its breaker's permit, or the number
  // of instances when every breaker refused (`retry_after` is then the soonest reopening).
  // `tried`: bit i set when instance i was tried by this call.
  std::size_t Pick(std::uint32_t tried, std::chrono::milliseconds& retry_after);
  std::chrono::milliseconds RetryDelay(int retry);
  void Observe(std::chrono::steady_clock::time_point started, metrics::Counter& outcome);
  metrics::Counter& AnsweredCounter(unsigned status);
  void CheckHealth();
  void Probe(Instance& instance, std::chrono::milliseconds timeout);

  const UpstreamOptions options_;
  resilience::RetryBudget budget_;
  metrics::Counter& opened_;
  std::vector<std::unique_ptr<Instance>> instances_;
  std::atomic<std::size_t> next_{0};
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
  std::mutex health_mutex_;
  std::condition_variable health_wake_;
  bool stopping_ = false;
  std::thread health_thread_;  // last: started once everything above exists
};

}  // namespace shop::http
