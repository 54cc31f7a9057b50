#include "platform/http/upstream_client.hpp"

#include <thread>

#include "platform/logging/log.hpp"

namespace shop::http {
namespace {

metrics::Counter& Outcome(metrics::Registry& metrics, const std::string& upstream,
                          const std::string& outcome) {
  return metrics.GetCounter("upstream_requests_total",
                            "Attempts of calls to other services, by outcome",
                            {"upstream", "outcome"}, {upstream, outcome});
}

bool IsFailureStatus(unsigned status) { return status == 502 || status == 503 || status == 504; }

}  // namespace

UpstreamClient::UpstreamClient(UpstreamOptions options, metrics::Registry& metrics)
    : options_(std::move(options)),
      breaker_(options_.breaker),
      retry_budget_(options_.retry_budget ? std::optional<resilience::RetryBudget>(
                                                std::in_place, *options_.retry_budget)
                                          : std::nullopt),
      random_(std::random_device{}()),
      answered_(Outcome(metrics, options_.name, "answered")),
      failed_(Outcome(metrics, options_.name, "failed")),
      rejected_(Outcome(metrics, options_.name, "rejected")),
      duration_(metrics.GetHistogram(
          "upstream_request_duration_seconds", "Duration of attempts of calls to other services",
          metrics::DefaultLatencyBuckets(), {"upstream"}, {options_.name})),
      state_(metrics.GetGauge("upstream_circuit_state",
                              "Circuit breaker per upstream: 0 closed, 1 half-open, 2 open",
                              {"upstream"}, {options_.name})) {
  if (options_.max_attempts < 1) {
    throw std::invalid_argument("UpstreamClient: max_attempts must be at least 1");
  }
}

std::chrono::milliseconds UpstreamClient::RetryDelay(int attempt) {
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  const std::lock_guard lock(random_mutex_);
  return resilience::BackoffDelay(options_.backoff, attempt, unit(random_));
}

void UpstreamClient::PublishState() {
  state_.Set(resilience::BreakerStateGaugeValue(breaker_.State()));
}

ClientResponse UpstreamClient::Get(const std::string& target, const Headers& headers) {
  const ClientRequest request{.method = Method::kGet, .target = target, .headers = headers};
  std::string last_error;
  if (retry_budget_) {
    retry_budget_->OnFirstAttempt();
  }
  int attempt = 1;
  for (; attempt <= options_.max_attempts; ++attempt) {
    if (attempt > 1) {
      if (retry_budget_ && !retry_budget_->TryRetry()) {
        last_error += " (retry budget exhausted)";
        break;
      }
      std::this_thread::sleep_for(RetryDelay(attempt - 1));
    }
    const resilience::CircuitBreaker::Permit permit = breaker_.Acquire();
    if (!permit.allowed) {
      rejected_.Inc();
      PublishState();
      throw UpstreamUnavailable(options_.name + " is unavailable (circuit open" +
                                    (last_error.empty() ? "" : "; last error: " + last_error) + ")",
                                permit.retry_after);
    }
    const auto started = std::chrono::steady_clock::now();
    try {
      ClientResponse response = SendRequest(options_.endpoint, request, options_.timeout);
      duration_.Observe(
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
      if (!IsFailureStatus(response.status)) {
        breaker_.OnSuccess();
        answered_.Inc();
        PublishState();
        return response;
      }
      last_error = "answered " + std::to_string(response.status);
    } catch (const ClientError& error) {
      duration_.Observe(
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
      last_error = error.what();
    }
    breaker_.OnFailure();
    failed_.Inc();
    PublishState();
    logging::Warn("upstream_attempt_failed", {{"upstream", options_.name},
                                              {"target", target},
                                              {"attempt", attempt},
                                              {"error", last_error}});
  }
  throw UpstreamUnavailable(options_.name + " did not answer after " + std::to_string(attempt - 1) +
                                " attempts; last error: " + last_error,
                            breaker_.State() == resilience::BreakerState::kClosed
                                ? std::chrono::milliseconds(1000)
                                : options_.breaker.open_for);
}

}  // namespace shop::http
