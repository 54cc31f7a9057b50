#include "platform/http/upstream.hpp"

#include <algorithm>
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

metrics::Counter& InstanceAttempts(metrics::Registry& metrics, const std::string& upstream,
                                   const std::string& address, const char* outcome) {
  return metrics.GetCounter("upstream_instance_attempts_total",
                            "Attempts sent to each instance of another service: success, or "
                            "failure (no answer, 502, 504)",
                            {"upstream", "address", "outcome"}, {upstream, address, outcome});
}

}  // namespace

// One instance of the service: its address, connections, breaker and health.
struct Upstream::Instance {
  Instance(const UpstreamOptions& options, const Endpoint& at, metrics::Registry& metrics,
           metrics::Counter& opened)
      : endpoint(at),
        address(at.ToString()),
        breaker(options.breaker),
        pool(KeepAlivePoolOptions{.endpoint = at,
                                  .max_idle = options.max_idle,
                                  .idle_timeout = options.idle_timeout,
                                  .max_response_body = options.max_response_body,
                                  .on_connection_opened = [&opened] { opened.Inc(); }}),
        succeeded(InstanceAttempts(metrics, options.name, address, "success")),
        failed(InstanceAttempts(metrics, options.name, address, "failure")) {}

  const Endpoint endpoint;
  const std::string address;
  resilience::CircuitBreaker breaker;
  KeepAlivePool pool;
  std::atomic<bool> healthy{true};
  int failed_probes = 0;  // the health thread's own
  metrics::Counter& succeeded;
  metrics::Counter& failed;
};

bool IsIdempotent(Method method) {
  return method == Method::kGet || method == Method::kHead || method == Method::kOptions ||
         method == Method::kPut || method == Method::kDelete;
}

Upstream::Upstream(UpstreamOptions options, metrics::Registry& metrics)
    : options_(std::move(options)),
      budget_(options_.retry_budget),
      opened_(metrics.GetCounter("upstream_connections_opened_total",
                                 "Connections opened to other services", {"upstream"},
                                 {options_.name})),
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
                                   "Calls refused at once because the upstream's circuit breakers "
                                   "are open",
                                   {"upstream"}, {options_.name})),
      retries_sent_(Retries(metrics, options_.name, "sent")),
      retries_denied_(Retries(metrics, options_.name, "denied")) {
  if (options_.max_attempts < 1) {
    throw std::invalid_argument("upstream " + options_.name + ": max_attempts must be >= 1");
  }
  if (options_.endpoints.empty() || options_.endpoints.size() > kMaxUpstreamInstances) {
    throw std::invalid_argument("upstream " + options_.name + ": needs 1 to " +
                                std::to_string(kMaxUpstreamInstances) + " endpoints");
  }
  if (options_.health.interval.count() < 0 || options_.health.failures < 1) {
    throw std::invalid_argument("upstream " + options_.name +
                                ": health interval must be >= 0 and failures >= 1");
  }
  for (const Endpoint& endpoint : options_.endpoints) {
    const std::string address = endpoint.ToString();
    if (std::any_of(instances_.begin(), instances_.end(),
                    [&](const auto& i) { return i->address == address; })) {
      throw std::invalid_argument("upstream " + options_.name + ": " + address + " listed twice");
    }
    instances_.push_back(std::make_unique<Instance>(options_, endpoint, metrics, opened_));
  }
  metrics.AddCallbackGauge(
      "upstream_circuit_state",
      "Circuit breaker per upstream, its best instance's: 0 closed, 1 half-open, 2 open",
      {"upstream"}, {options_.name},
      [this] { return resilience::BreakerStateGaugeValue(State()); });
  metrics.AddCallbackGauge("upstream_connections_idle",
                           "Idle keep-alive connections pooled per upstream", {"upstream"},
                           {options_.name}, [this] {
                             std::size_t idle = 0;
                             for (const auto& instance : instances_) {
                               idle += instance->pool.IdleCount();
                             }
                             return static_cast<double>(idle);
                           });
  for (const auto& owned : instances_) {
    Instance* instance = owned.get();
    metrics.AddCallbackGauge(
        "upstream_instance_circuit_state",
        "Circuit breaker per instance of an upstream: 0 closed, 1 half-open, 2 open",
        {"upstream", "address"}, {options_.name, instance->address},
        [instance] { return resilience::BreakerStateGaugeValue(instance->breaker.State()); });
    metrics.AddCallbackGauge(
        "upstream_instance_up",
        "Health of each instance of an upstream: 1 up (or not checked), 0 down",
        {"upstream", "address"}, {options_.name, instance->address},
        [instance] { return instance->healthy.load() ? 1.0 : 0.0; });
  }
  if (options_.health.interval.count() > 0 && instances_.size() > 1) {
    health_thread_ = std::thread([this] { CheckHealth(); });
  }
}

Upstream::~Upstream() {
  {
    const std::lock_guard lock(health_mutex_);
    stopping_ = true;
  }
  health_wake_.notify_all();
  if (health_thread_.joinable()) {
    health_thread_.join();
  }
}

resilience::BreakerState Upstream::State() const {
  // Closed beats half-open beats open: the gauge values 0 < 1 < 2.
  resilience::BreakerState best = resilience::BreakerState::kOpen;
  for (const auto& instance : instances_) {
    const resilience::BreakerState state = instance->breaker.State();
    if (resilience::BreakerStateGaugeValue(state) < resilience::BreakerStateGaugeValue(best)) {
      best = state;
    }
  }
  return best;
}

std::vector<Upstream::InstanceStatus> Upstream::Instances() const {
  std::vector<InstanceStatus> statuses;
  for (const auto& instance : instances_) {
    statuses.push_back({.endpoint = instance->endpoint,
                        .state = instance->breaker.State(),
                        .healthy = instance->healthy.load()});
  }
  return statuses;
}

Endpoint Upstream::PickEndpoint() {
  const std::size_t n = instances_.size();
  const std::size_t start = next_.fetch_add(1) % n;
  for (const bool want_healthy : {true, false}) {
    for (std::size_t k = 0; k < n; ++k) {
      const Instance& instance = *instances_[(start + k) % n];
      if (instance.healthy.load() == want_healthy &&
          instance.breaker.State() != resilience::BreakerState::kOpen) {
        return instance.endpoint;
      }
    }
  }
  return instances_.front()->endpoint;
}

std::size_t Upstream::Pick(std::uint32_t tried, std::chrono::milliseconds& retry_after) {
  const std::size_t n = instances_.size();
  const std::size_t start = next_.fetch_add(1) % n;
  std::optional<std::chrono::milliseconds> soonest;
  // Healthy and untried first, then healthy and tried, then the unhealthy ones the same way:
  // health and earlier failures steer; only the breakers refuse.
  for (int pass = 0; pass < 4; ++pass) {
    const bool want_healthy = pass < 2;
    const bool want_tried = pass % 2 == 1;
    for (std::size_t k = 0; k < n; ++k) {
      const std::size_t index = (start + k) % n;
      Instance& instance = *instances_[index];
      const bool was_tried = ((tried >> index) & 1U) != 0;
      if (instance.healthy.load() != want_healthy || was_tried != want_tried) {
        continue;
      }
      const resilience::CircuitBreaker::Permit permit = instance.breaker.Acquire();
      if (permit.allowed) {
        return index;
      }
      soonest = soonest ? std::min(*soonest, permit.retry_after) : permit.retry_after;
    }
  }
  retry_after = soonest.value_or(std::chrono::seconds(1));
  return n;
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
  std::uint32_t tried = 0;
  for (int attempt = 1;; ++attempt) {
    std::chrono::milliseconds retry_after{0};
    const std::size_t index = Pick(tried, retry_after);
    if (index == instances_.size()) {
      rejected_.Inc();
      if (attempt > 1) {
        break;  // the failures so far opened them: report the last one, the real reason
      }
      throw UpstreamFailure(UpstreamFailure::Kind::kCircuitOpen,
                            options_.name + " is unavailable (circuit open)", retry_after);
    }
    Instance* const instance = instances_[index].get();
    tried |= 1U << index;
    last = Attempt{};
    const Clock::time_point started = Clock::now();
    try {
      last.answer = instance->pool.Send(request, started + options_.timeout, idempotent);
      Observe(started, AnsweredCounter(last.answer->status));
      last.error = "answered " + std::to_string(last.answer->status);
    } catch (const ClientError& error) {
      Observe(started, errors_);
      last.kind = KindOf(error);
      last.unsent = error.kind() == ClientError::Kind::kConnect;
      last.error = error.what();
    }
    if (!last.Failed()) {
      instance->breaker.OnSuccess();
      instance->succeeded.Inc();
      return std::move(*last.answer);
    }
    instance->breaker.OnFailure();
    instance->failed.Inc();
    logging::Warn("upstream_attempt_failed", {{"upstream", options_.name},
                                              {"instance", instance->address},
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

void Upstream::CheckHealth() {
  const std::chrono::milliseconds timeout = std::min(options_.timeout, options_.health.interval);
  std::unique_lock lock(health_mutex_);
  while (!stopping_) {
    lock.unlock();
    for (const auto& instance : instances_) {
      Probe(*instance, timeout);
    }
    lock.lock();
    health_wake_.wait_for(lock, options_.health.interval, [this] { return stopping_; });
  }
}

void Upstream::Probe(Instance& instance, std::chrono::milliseconds timeout) {
  std::string error;
  try {
    const ClientResponse answer = SendRequest(
        instance.endpoint, {.method = Method::kGet, .target = options_.health.path}, timeout);
    if (answer.status < 200 || answer.status >= 300) {
      error = "answered " + std::to_string(answer.status);
    }
  } catch (const ClientError& e) {
    error = e.what();
  }
  if (error.empty()) {
    instance.failed_probes = 0;
    if (!instance.healthy.exchange(true)) {
      logging::Info("upstream_instance_up",
                    {{"upstream", options_.name}, {"instance", instance.address}});
    }
    return;
  }
  if (++instance.failed_probes >= options_.health.failures && instance.healthy.exchange(false)) {
    logging::Warn("upstream_instance_down", {{"upstream", options_.name},
                                             {"instance", instance.address},
                                             {"probe", options_.health.path},
                                             {"failures", instance.failed_probes},
                                             {"error", error}});
  }
}

}  // namespace shop::http
