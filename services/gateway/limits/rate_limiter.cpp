#include "gateway/limits/rate_limiter.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace shop::gateway {
namespace {

constexpr int kDropsPerCall = 2;  // amortised clean-up: a few buckets per call

std::chrono::seconds CeilSeconds(double seconds) {
  return std::chrono::seconds(static_cast<long long>(std::ceil(std::max(0.0, seconds) - 1e-9)));
}

}  // namespace

RateLimiter::RateLimiter(std::size_t max_keys, Now now)
    : max_keys_(std::max<std::size_t>(1, max_keys)), now_(std::move(now)) {}

double RateLimiter::TokensAt(const Bucket& bucket, Clock::time_point now) {
  const double elapsed = std::chrono::duration<double>(now - bucket.updated).count();
  return std::min<double>(bucket.limit, bucket.tokens + std::max(0.0, elapsed) * bucket.per_second);
}

void RateLimiter::DropRefilledLocked(Clock::time_point now) {
  for (int i = 0; i < kDropsPerCall && !lru_.empty(); ++i) {
    const auto it = buckets_.find(lru_.back());
    if (TokensAt(it->second, now) < it->second.limit) {
      return;
    }
    buckets_.erase(it);
    lru_.pop_back();
  }
}

RateVerdict RateLimiter::Acquire(const std::string& key, const RateLimit& limit) {
  if (limit.limit < 1 || limit.window.count() < 1) {
    throw std::invalid_argument("rate limit: at least 1 request per window of at least 1 ms");
  }
  const Clock::time_point now = now_();
  const double per_second = limit.limit / std::chrono::duration<double>(limit.window).count();
  const std::lock_guard lock(mutex_);
  DropRefilledLocked(now);
  auto it = buckets_.find(key);
  if (it == buckets_.end()) {
    if (buckets_.size() >= max_keys_) {
      buckets_.erase(lru_.back());
      lru_.pop_back();
      ++evictions_;
    }
    lru_.push_front(key);
    it = buckets_
             .emplace(key, Bucket{.tokens = static_cast<double>(limit.limit),
                                  .updated = now,
                                  .per_second = per_second,
                                  .limit = limit.limit,
                                  .position = lru_.begin()})
             .first;
  } else {
    lru_.splice(lru_.begin(), lru_, it->second.position);
  }
  Bucket& bucket = it->second;
  bucket.tokens = TokensAt(bucket, now);
  bucket.updated = now;
  bucket.per_second = per_second;
  bucket.limit = limit.limit;
  bucket.tokens = std::min<double>(bucket.tokens, limit.limit);

  RateVerdict verdict;
  verdict.limit = limit.limit;
  verdict.allowed = bucket.tokens >= 1.0;
  if (verdict.allowed) {
    bucket.tokens -= 1.0;
  } else {
    verdict.retry_after =
        std::max(std::chrono::seconds(1), CeilSeconds((1.0 - bucket.tokens) / per_second));
  }
  verdict.remaining = static_cast<int>(std::floor(bucket.tokens + 1e-9));
  verdict.reset = CeilSeconds((limit.limit - bucket.tokens) / per_second);
  return verdict;
}

std::size_t RateLimiter::Size() const {
  const std::lock_guard lock(mutex_);
  return buckets_.size();
}

std::uint64_t RateLimiter::Evictions() const {
  const std::lock_guard lock(mutex_);
  return evictions_;
}

}  // namespace shop::gateway
