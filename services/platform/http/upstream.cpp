#include "platform/http/upstream.hpp"

#include <optional>
#include <thread>

#include "platform/logging/log.hpp"

namespace shop::http {
namespace {

using Clock = std::chrono::steady_clock;

metrics::Counter& Attempts(metrics::Registry& metrics, const std::string& upstream,
                           const char* status_class) {
  return metrics.GetCounter("upstream_requests_total",
                            "Attempts sent to other services, by status class (error: no answer)",
                            {"upstream", "status_class"}, {upstream, status_class});
}

metrics::Counter& Retries(metrics::Registry& metrics, const std::string& upstream,
                          const char* outcome) {
  return metrics.GetCounter("upstream_retries_total",
                            "Retries to other services: sent, or denied by the retry budget",
                            {"upstream", "outcome"}, {upstream, outcome});
}

// Finer than the platform's default at the low end: an attempt on loopback takes about 1 ms.
std::vector<double> AttemptBuckets() {
  return {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
}

UpstreamFailure::Kind KindOf(const ClientError& error) {
  switch (error.kind()) {
    case ClientError::Kind::kConnect:
      return UpstreamFailure::Kind::kUnreachable;
    case ClientError::Kind::kTimeout:
      return UpstreamFailure::Kind::kTimeout;
    case ClientError::Kind::kProtocol:
      break;
  }
  return UpstreamFailure::Kind::kBroken;
}

// Decision 0020: a 503 is the service's answer, not a failure.
bool IsFailureStatus(unsigned status) { return status == 502 || status == 504; }

// What one attempt produced: an answer, or the error that prevented one.
struct Attempt {
  std::optional<ClientResponse> answer;
  UpstreamFailure::Kind kind = UpstreamFailure::Kind::kBroken;
  bool unsent = false;  // the connection could not be opened: nothing reached the service
  std::string error;
  bool Failed() const { return !answer || IsFailureStatus(answer->status); }
};

}  // namespace

bool IsIdempotent(Method method) {
  return method == Method::kGet || method == Method::kHead || method == Method::kOptions ||
         method == Method::kPut || method == Method::kDelete;
}

Upstream::Upstream(UpstreamOptions options, metrics::Registry& metrics)
    : options_(std::move(options)),
      breaker_(options_.breaker),
      budget_(options_.retry_budget),
      opened_(metrics.GetCounter("upstream_connections_opened_total",
                                 "Connections opened to other services", {"upstream"},
                                 {options_.name})),
      pool_(KeepAlivePoolOptions{.endpoint = options_.endpoint,
                                 .max_idle = options_.max_idle,
                                 .idle_timeout = options_.idle_timeout,
                                 .max_response_body = options_.max_response_body,
                                 .on_connection_opened = [this] { opened_.Inc(); }}),
      random_(std::random_device{}()),
      answered_2xx_(Attempts(metrics, options_.name, "2xx")),
      answered_3xx_(Attempts(metrics, options_.name, "3xx")),
      answered_4xx_(Attempts(metrics, options_.name, "4xx")),
      answered_5xx_(Attempts(metrics, options_.name, "5xx")),
      errors_(Attempts(metrics, options_.name, "error")),
      duration_(metrics.GetHistogram("upstream_request_duration_seconds",
                                     "Duration of attempts sent to other services",
                                     AttemptBuckets(), {"upstream"}, {options_.name})),
      rejected_(metrics.GetCounter("upstream_rejected_total",
                                   "Calls refused at once because the upstream's circuit breaker "
                                   "is open",
                                   {"upstream"}, {options_.name})),
      retries_sent_(Retries(metrics, options_.name, "sent")),
      retries_denied_(Retries(metrics, options_.name, "denied")) {
  if (options_.max_attempts < 1) {
    throw std::invalid_argument("upstream " + options_.name + ": max_attempts must be >= 1");
  }
  metrics.AddCallbackGauge("upstream_circuit_state",
                           "Circuit breaker per upstream: 0 closed, 1 half-open, 2 open",
                           {"upstream"}, {options_.name},
                           [this] { return resilience::BreakerStateGaugeValue(breaker_.State()); });
  metrics.AddCallbackGauge(
      "upstream_connections_idle", "Idle keep-alive connections pooled per upstream", {"upstream"},
      {options_.name}, [this] { return static_cast<double>(pool_.IdleCount()); });
}

std::chrono::milliseconds Upstream::RetryDelay(int retry) {
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  const std::lock_guard lock(random_mutex_);
  return resilience::BackoffDelay(options_.backoff, retry, unit(random_));
}

void Upstream::Observe(Clock::time_point started, metrics::Counter& outcome) {
  duration_.Observe(std::chrono::duration<double>(Clock::now() - started).count());
  outcome.Inc();
}

metrics::Counter& Upstream::AnsweredCounter(unsigned status) {
  return status < 300   ? answered_2xx_
         : status < 400 ? answered_3xx_
         : status < 500 ? answered_4xx_
                        : answered_5xx_;
}

ClientResponse Upstream::Send(const ClientRequest& request) {
  const bool idempotent = IsIdempotent(request.method);
  budget_.OnFirstAttempt();
  Attempt last;
  for (int attempt = 1;; ++attempt) {
    const resilience::CircuitBreaker::Permit permit = breaker_.Acquire();
    if (!permit.allowed) {
      rejected_.Inc();
      if (attempt > 1) {
        break;  // the failures so far opened it: report the last one, the real reason
      }
      throw UpstreamFailure(UpstreamFailure::Kind::kCircuitOpen,
                            options_.name + " is unavailable (circuit open)", permit.retry_after);
    }
    last = Attempt{};
    const Clock::time_point started = Clock::now();
    try {
      last.answer = pool_.Send(request, started + options_.timeout, idempotent);
      Observe(started, AnsweredCounter(last.answer->status));
      last.error = "answered " + std::to_string(last.answer->status);
    } catch (const ClientError& error) {
      Observe(started, errors_);
      last.kind = KindOf(error);
      last.unsent = error.kind() == ClientError::Kind::kConnect;
      last.error = error.what();
    }
    if (!last.Failed()) {
      breaker_.OnSuccess();
      return std::move(*last.answer);
    }
    breaker_.OnFailure();
    logging::Warn("upstream_attempt_failed", {{"upstream", options_.name},
                                              {"method", MethodName(request.method)},
                                              {"target", request.target},
                                              {"attempt", attempt},
                                              {"error", last.error}});
    if (attempt >= options_.max_attempts || !(idempotent || last.unsent)) {
      break;
    }
    if (!budget_.TryRetry()) {
      retries_denied_.Inc();
      break;
    }
    retries_sent_.Inc();
    std::this_thread::sleep_for(RetryDelay(attempt));
  }
  if (last.answer) {
    return std::move(*last.answer);  // the service's own 502/504
  }
  throw UpstreamFailure(last.kind, options_.name + ": " + last.error, std::chrono::seconds(1));
}

}  // namespace shop::http
