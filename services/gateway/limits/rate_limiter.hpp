#pragma once
// Rate limits as token buckets, one per key (the gateway's keys are "<class>|ip|<address>" and
// "<class>|user|<sub>"). A bucket holds at most `limit` tokens and refills at `limit` per `window`:
// a client may burst up to `limit` requests, and a client that stops for one `window` has its
// whole quota back. Each request takes one token; with none left it is refused, told when one
// will be there (Retry-After) and when the bucket will be full again (RateLimit-Reset).
//
// Memory is bounded: at most `max_keys` buckets. Buckets that have refilled completely carry no
// information and are dropped as calls pass by; when the table is full anyway, the least recently
// used bucket is dropped (its client gets a fresh quota; counted in Evictions()).
//
// Thread-safe; the clock is injectable so tests need not wait.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <list>
#include <mutex>
#include <string>
#include <unordered_map>

namespace shop::gateway {

struct RateLimit {
  int limit = 100;  // requests per window, at least 1
  std::chrono::milliseconds window{60000};
};

struct RateVerdict {
  bool allowed = true;
  int limit = 0;
  int remaining = 0;                    // requests left after this one
  std::chrono::seconds reset{0};        // until the bucket is full again (rounded up)
  std::chrono::seconds retry_after{0};  // refused: until the next request may pass (>= 1 s)
};

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  using Now = std::function<Clock::time_point()>;

  explicit RateLimiter(std::size_t max_keys, Now now = Clock::now);

  // Takes a token from `key`'s bucket when there is one. Throws std::invalid_argument on a limit
  // under 1 or a window under 1 ms.
  RateVerdict Acquire(const std::string& key, const RateLimit& limit);

  std::size_t Size() const;
  std::uint64_t Evictions() const;

 private:
  struct Bucket {
    double tokens = 0;
    Clock::time_point updated{};
    double per_second = 0;  // refill rate
    int limit = 0;
    std::list<std::string>::iterator position{};  // in lru_
  };

  // Tokens of `bucket` at `now`, refilled. Needs mutex_.
  static double TokensAt(const Bucket& bucket, Clock::time_point now);
  // Drops up to a few least recently used buckets that are full again. Needs mutex_.
  void DropRefilledLocked(Clock::time_point now);

  const std::size_t max_keys_;
  const Now now_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
  std::list<std::string> lru_;  // most recently used first
  std::uint64_t evictions_ = 0;
};

}  // namespace shop::gateway
