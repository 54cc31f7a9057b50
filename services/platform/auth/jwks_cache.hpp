#pragma once
// The key set of auth-service, fetched over HTTP and cached, for verifying tokens in every
// service and the gateway.
//
// Refresh policy:
//  - nothing is fetched at construction; the first verification fetches (or call Refresh()).
//  - a token whose kid is not in the cached set triggers one refresh, then one retry: that is how
//    a newly published key is learnt (auth publishes a key before it signs with it).
//  - fetches are rate-limited: at most one attempt per `min_refresh_interval`, whatever the
//    outcome, so a stream of tokens with made-up kids cannot hammer auth-service. Callers that
//    need a refresh while one is in flight wait for it and use its result instead of fetching too.
//  - a failed fetch keeps the set already held (logged as jwks_refresh_failed). While no set was
//    ever obtained, VerifyToken returns VerifyFailure::kKeysUnavailable, which callers answer with
//    503: the token may be fine, we cannot tell yet.
//
// Thread-safe. Verification runs without holding a lock.

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/auth/key_set.hpp"
#include "platform/auth/token_verifier.hpp"
#include "platform/http/client.hpp"

namespace shop::auth {

inline constexpr std::string_view kJwksTarget = "/auth/.well-known/jwks.json";

class JwksCache {
 public:
  // Returns the JWKS document; throws on any failure (which is then logged, never rethrown).
  using Fetch = std::function<std::string()>;
  using Clock = std::chrono::steady_clock;
  using Now = std::function<Clock::time_point()>;

  // GET `target` with http::SendRequest, bounded by `timeout` per endpoint, on each endpoint in
  // turn (the instances of auth-service) until one answers 200; when none does, a failure.
  static Fetch HttpFetch(std::vector<http::Endpoint> endpoints,
                         std::string target = std::string(kJwksTarget),
                         std::chrono::milliseconds timeout = std::chrono::milliseconds(2000));

  explicit JwksCache(Fetch fetch,
                     std::chrono::milliseconds min_refresh_interval = std::chrono::seconds(10),
                     Now now = Clock::now);

  // VerifyToken (token_verifier.hpp) against the cached set, refreshing it as described above.
  VerifyResult VerifyToken(std::string_view token, const VerifyOptions& options,
                           std::chrono::system_clock::time_point now);

  // Fetches now unless an attempt was made less than min_refresh_interval ago (e.g. to warm the
  // cache at start-up). Returns whether a key set is held afterwards.
  bool Refresh();

  // The set in use; null while none was ever obtained.
  std::shared_ptr<const KeySet> Keys() const;

 private:
  // Refreshes unless the set has changed since the caller saw `seen`, or the rate limit forbids.
  std::shared_ptr<const KeySet> RefreshUnlessChanged(const KeySet* seen);

  const Fetch fetch_;
  const std::chrono::milliseconds min_refresh_interval_;
  const Now now_;
  std::mutex fetch_mutex_;         // held for a whole fetch: one fetch at a time
  mutable std::mutex keys_mutex_;  // guards keys_ and last_attempt_, held briefly
  std::shared_ptr<const KeySet> keys_;
  std::optional<Clock::time_point> last_attempt_;
};

}  // namespace shop::auth
