#include "platform/http/owner_client.hpp"

#include <algorithm>

#include "platform/logging/log.hpp"

namespace shop::http {

OwnerClientOptions LoadOwnerClientOptions(const config::EnvConfig& env, const std::string& prefix,
                                          const std::string& name, const std::string& default_url) {
  OwnerClientOptions options;
  const std::string url = env.String(prefix + "_URL", default_url);
  try {
    options.upstream.endpoints = ParseHttpUrlList(url);
  } catch (const std::invalid_argument& error) {
    throw config::ConfigError(prefix + "_URL: " + std::string(error.what()));
  }
  options.upstream.name = name;
  options.upstream.timeout = env.Duration(prefix + "_TIMEOUT", std::chrono::seconds(1));
  options.upstream.max_attempts = static_cast<int>(env.Int(prefix + "_ATTEMPTS", 3, 1, 10));
  options.upstream.breaker.failure_threshold =
      static_cast<int>(env.Int(prefix + "_BREAKER_FAILURES", 5, 1, 1000));
  options.upstream.breaker.open_for =
      env.Duration(prefix + "_BREAKER_OPEN", std::chrono::seconds(10));
  options.upstream.backoff = {std::chrono::milliseconds(50), std::chrono::milliseconds(400)};
  options.upstream.retry_budget = resilience::RetryBudgetOptions{};
  options.found_ttl = env.Duration(prefix + "_CACHE_TTL", std::chrono::seconds(30));
  return options;
}

namespace {

// The answer's Retry-After in seconds (the form our services send), else 1 s.
std::chrono::milliseconds RetryAfterOf(const ClientResponse& response) {
  const std::string value(response.headers.Get("Retry-After").value_or(""));
  if (value.empty() || value.size() > 6 ||
      value.find_first_not_of("0123456789") != std::string::npos) {
    return std::chrono::seconds(1);
  }
  return std::chrono::seconds(std::max(1, std::stoi(value)));
}

}  // namespace

namespace owner_client_detail {

ClientResponse Get(Upstream& upstream, const std::string& name, const std::string& target,
                   const Request& request) {
  ClientRequest call{.method = Method::kGet, .target = target};
  call.headers.Set("Accept", "application/json");
  call.headers.Set("X-Request-ID", request.request_id);
  if (!request.traceparent.empty()) {
    call.headers.Set("traceparent", request.traceparent);
  }
  ClientResponse response;
  try {
    response = upstream.Send(call);
  } catch (const UpstreamFailure& failure) {
    throw UpstreamUnavailable(failure.what(), failure.retry_after());
  }
  if (response.status != 200 && response.status != 404) {
    throw UpstreamUnavailable(
        name + " answered " + std::to_string(response.status) + " for " + target,
        RetryAfterOf(response));
  }
  if (response.status == 200) {
    logging::Info("learned_from_owner",
                  {{"upstream", name}, {"target", target}, {"request_id", request.request_id}});
  }
  return response;
}

void Unreadable(const std::string& name, const std::string& target, const std::string& error) {
  throw UpstreamUnavailable(name + " sent an unreadable answer for " + target + ": " + error,
                            std::chrono::seconds(1));
}

}  // namespace owner_client_detail
}  // namespace shop::http
