#include "gateway/limits/shared_limiter.hpp"

#include "platform/logging/log.hpp"

namespace shop::gateway {

SharedRateLimiter::SharedRateLimiter(Options options, std::unique_ptr<WindowStore> store, Now now)
    : options_(options),
      store_(std::move(store)),
      now_(std::move(now)),
      local_(options.max_keys, now_),
      switch_(store_ != nullptr, options.probe_interval) {
  if (store_ && options_.start_prober) {
    prober_ = std::thread([this] { ProberLoop(); });
  }
}

SharedRateLimiter::~SharedRateLimiter() {
  {
    const std::lock_guard lock(stop_mutex_);
    stopping_ = true;
  }
  stop_changed_.notify_all();
  if (prober_.joinable()) {
    prober_.join();
  }
}

RateVerdict SharedRateLimiter::Acquire(const std::string& key, const RateLimit& limit) {
  if (limit.limit < 1 || limit.window.count() < 1) {
    throw std::invalid_argument("rate limit: at least 1 request per window of at least 1 ms");
  }
  if (store_ && switch_.Current() == LimiterBackend::kShared) {
    try {
      return SlidingWindowVerdict(store_->Hit(key, limit), limit);
    } catch (const StoreError& error) {
      Failed(error);
    }
  }
  return local_.Acquire(key, limit);
}

void SharedRateLimiter::Failed(const StoreError& error) {
  store_->Reset();
  if (switch_.OnFailure(now_())) {
    if (options_.fallbacks != nullptr) {
      options_.fallbacks->Inc();
    }
    logging::Warn("rate_limiter_fallback",
                  {{"backend", "local"},
                   {"store", store_->Describe()},
                   {"error", error.what()},
                   {"detail", "each gateway limits on its own until the store answers again"}});
  }
}

void SharedRateLimiter::Probe() {
  if (!store_ || !switch_.TakeProbe(now_())) {
    return;
  }
  try {
    store_->Ping();
  } catch (const StoreError& error) {
    logging::Log(spdlog::level::debug, "rate_limiter_probe_failed", {{"error", error.what()}});
    return;
  }
  if (switch_.OnSuccess()) {
    logging::Info("rate_limiter_shared_again",
                  {{"backend", "redis"}, {"store", store_->Describe()}});
  }
}

void SharedRateLimiter::ProberLoop() {
  // Wakes a few times per interval so a probe is never late by more than a fraction of it.
  const auto tick = std::max(std::chrono::milliseconds(10), options_.probe_interval / 4);
  std::unique_lock lock(stop_mutex_);
  while (!stop_changed_.wait_for(lock, tick, [this] { return stopping_; })) {
    lock.unlock();
    Probe();
    lock.lock();
  }
}

}  // namespace shop::gateway
