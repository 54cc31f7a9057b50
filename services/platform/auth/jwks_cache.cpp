#include "platform/auth/jwks_cache.hpp"

#include <stdexcept>
#include <utility>

#include "platform/logging/log.hpp"

namespace shop::auth {

JwksCache::Fetch JwksCache::HttpFetch(std::vector<http::Endpoint> endpoints, std::string target,
                                      std::chrono::milliseconds timeout) {
  if (endpoints.empty()) {
    throw std::invalid_argument("JwksCache::HttpFetch needs an endpoint");
  }
  return [endpoints = std::move(endpoints), target = std::move(target), timeout] {
    http::ClientRequest request{.method = http::Method::kGet, .target = target};
    request.headers.Set("Accept", "application/json");
    std::string errors;
    for (const http::Endpoint& endpoint : endpoints) {
      try {
        http::ClientResponse response = http::SendRequest(endpoint, request, timeout);
        if (response.status == 200) {
          return std::move(response.body);
        }
        errors += (errors.empty() ? "" : "; ") + endpoint.ToString() + " answered " +
                  std::to_string(response.status);
      } catch (const http::ClientError& error) {
        errors += (errors.empty() ? "" : "; ") + std::string(error.what());
      }
    }
    throw std::runtime_error("GET " + target + ": " + errors);
  };
}

JwksCache::JwksCache(Fetch fetch, std::chrono::milliseconds min_refresh_interval, Now now)
    : fetch_(std::move(fetch)), min_refresh_interval_(min_refresh_interval), now_(std::move(now)) {}

VerifyResult JwksCache::VerifyToken(std::string_view token, const VerifyOptions& options,
                                    std::chrono::system_clock::time_point now) {
  std::shared_ptr<const KeySet> keys = Keys();
  if (!keys) {
    keys = RefreshUnlessChanged(nullptr);
    if (!keys) {
      return VerifyFailure::kKeysUnavailable;
    }
  }
  VerifyResult result = auth::VerifyToken(token, *keys, options, now);
  const auto* failure = std::get_if<VerifyFailure>(&result);
  if (failure != nullptr && *failure == VerifyFailure::kUnknownKey) {
    const std::shared_ptr<const KeySet> fresh = RefreshUnlessChanged(keys.get());
    if (fresh != keys) {
      result = auth::VerifyToken(token, *fresh, options, now);
    }
  }
  return result;
}

bool JwksCache::Refresh() { return RefreshUnlessChanged(Keys().get()) != nullptr; }

std::shared_ptr<const KeySet> JwksCache::Keys() const {
  const std::lock_guard lock(keys_mutex_);
  return keys_;
}

std::shared_ptr<const KeySet> JwksCache::RefreshUnlessChanged(const KeySet* seen) {
  // Callers queue here during a fetch, then find the set changed (or the attempt too recent) and
  // return without fetching again: one fetch serves them all.
  const std::lock_guard fetch_lock(fetch_mutex_);
  {
    const std::lock_guard lock(keys_mutex_);
    const Clock::time_point now = now_();
    if (keys_.get() != seen || (last_attempt_ && now - *last_attempt_ < min_refresh_interval_)) {
      return keys_;
    }
    last_attempt_ = now;
  }
  std::shared_ptr<const KeySet> fresh;
  try {
    fresh = std::make_shared<const KeySet>(KeySet::FromJwks(fetch_()));
  } catch (const std::exception& error) {
    logging::Warn("jwks_refresh_failed", {{"error", error.what()}});
  }
  if (fresh) {
    logging::Info("jwks_refreshed", {{"kids", fresh->Kids()}});
  }
  const std::lock_guard lock(keys_mutex_);
  if (fresh) {
    keys_ = std::move(fresh);
  }
  return keys_;
}

}  // namespace shop::auth
