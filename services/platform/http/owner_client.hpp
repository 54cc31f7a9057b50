#pragma once
// Reading one resource from the service that owns it (DESIGN.md section 1): the fallback of a
// service whose replica has not heard of something yet, e.g. a product created a moment ago whose
// product.created event is still on its way.
//
// OwnerClient<T> GETs the resource through an http::Upstream (keep-alive connections, per-attempt
// timeout, bounded retries within a retry budget, circuit breaker) and keeps answers in a TTL
// cache: found resources for `found_ttl`, "no such resource" (404) for the shorter `missing_ttl`.
// Any other answer, a 503 included, means the owner cannot tell now (UpstreamUnavailable, with the
// owner's own Retry-After when it sent one); under decision 0020 a 503 is not retried and does not
// count against the owner's breaker. The request being served lends its X-Request-ID and
// traceparent to the call.

#include <chrono>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>

#include "platform/config/env_config.hpp"
#include "platform/http/message.hpp"
#include "platform/http/upstream.hpp"
#include "platform/resilience/ttl_cache.hpp"

namespace shop::http {

// The owner gave no usable answer: its breaker is open, no attempt got an answer, or it answered
// something other than 200 or 404.
class UpstreamUnavailable : public std::runtime_error {
 public:
  UpstreamUnavailable(const std::string& message, std::chrono::milliseconds retry_after)
      : std::runtime_error(message), retry_after_(retry_after) {}
  std::chrono::milliseconds retry_after() const { return retry_after_; }

 private:
  std::chrono::milliseconds retry_after_;
};

struct OwnerClientOptions {
  UpstreamOptions upstream;
  std::chrono::milliseconds found_ttl{30000};
  std::chrono::milliseconds missing_ttl{5000};
  std::size_t cache_capacity = 10000;
};

// Reads <prefix>_URL (`default_url`; a comma-separated list for several instances, balanced as
// http/upstream.hpp says, without active health checks), <prefix>_TIMEOUT (1s), <prefix>_ATTEMPTS
// (3), <prefix>_BREAKER_FAILURES (5), <prefix>_BREAKER_OPEN (10s) and <prefix>_CACHE_TTL (30s);
// retries back off from 50 ms to 400 ms and stay within a budget of 20 % of first attempts plus
// 3 per 10 s. `name` labels the
// upstream's metrics. Throws config::ConfigError naming a bad variable.
OwnerClientOptions LoadOwnerClientOptions(const config::EnvConfig& env, const std::string& prefix,
                                          const std::string& name, const std::string& default_url);

namespace owner_client_detail {
// GET `target` with the request's ids; the response when it is 200 or 404. Throws
// UpstreamUnavailable for any other answer and when there is none.
ClientResponse Get(Upstream& upstream, const std::string& name, const std::string& target,
                   const Request& request);
[[noreturn]] void Unreadable(const std::string& name, const std::string& target,
                             const std::string& error);
}  // namespace owner_client_detail

template <typename T>
class OwnerClient {
 public:
  // Turns a 200 body into T; throws std::invalid_argument when it cannot.
  using Parse = std::function<T(const std::string& body)>;

  // `metrics` must outlive the client. Thread-safe.
  OwnerClient(OwnerClientOptions options, metrics::Registry& metrics, Parse parse)
      : options_(std::move(options)),
        upstream_(options_.upstream, metrics),
        cache_(options_.cache_capacity),
        parse_(std::move(parse)) {}

  // The resource at `target` (a path the caller built from validated ids), nullopt when the owner
  // has none. Throws UpstreamUnavailable when the owner gives no usable answer.
  std::optional<T> Fetch(const std::string& target, const Request& request) {
    if (auto cached = cache_.Get(target)) {
      return *cached;
    }
    const ClientResponse response =
        owner_client_detail::Get(upstream_, options_.upstream.name, target, request);
    if (response.status == 404) {
      cache_.Put(target, std::nullopt, options_.missing_ttl);
      return std::nullopt;
    }
    std::optional<T> found;
    try {
      found = parse_(response.body);
    } catch (const std::invalid_argument& error) {
      owner_client_detail::Unreadable(options_.upstream.name, target, error.what());
    }
    cache_.Put(target, found, options_.found_ttl);
    return found;
  }

 private:
  const OwnerClientOptions options_;
  Upstream upstream_;
  resilience::TtlCache<std::string, std::optional<T>> cache_;
  const Parse parse_;
};

}  // namespace shop::http
