#pragma once
// The gateway's limiter (decision 0038): the shared store's sliding window when one is configured
// and answering, so every gateway on the same Redis counts a client's requests together; else the
// gateway's own token buckets (rate_limiter.hpp), which is also the behaviour without
// SHOP_GATEWAY_REDIS_URL.
//
// A failed store call (timeout, refused connection, error reply) answers that request from the
// local limiter and switches the gateway to it (backend_switch.hpp): a warning is logged once per
// switch, gateway_rate_limiter_backend{backend} says which one is in use and
// gateway_rate_limiter_fallbacks_total counts the switches. While local, a prober thread pings the
// store every `probe_interval` on a fresh connection; when it answers, the gateway returns to the
// shared limiter (logged once too).
//
// Thread-safe.

#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "gateway/limits/backend_switch.hpp"
#include "gateway/limits/rate_limiter.hpp"
#include "gateway/limits/window_store.hpp"
#include "platform/metrics/registry.hpp"

namespace shop::gateway {

class SharedRateLimiter {
 public:
  using Clock = RateLimiter::Clock;
  using Now = RateLimiter::Now;

  struct Options {
    std::size_t max_keys = 100000;  // of the local limiter
    std::chrono::milliseconds probe_interval{1000};
    bool start_prober = true;               // false: tests call Probe() themselves
    metrics::Counter* fallbacks = nullptr;  // incremented on each switch to local, when given
  };

  // `store` may be null: local only.
  SharedRateLimiter(Options options, std::unique_ptr<WindowStore> store, Now now = Clock::now);
  ~SharedRateLimiter();
  SharedRateLimiter(const SharedRateLimiter&) = delete;
  SharedRateLimiter& operator=(const SharedRateLimiter&) = delete;

  // As RateLimiter::Acquire, from the backend in use. Throws std::invalid_argument on a bad limit.
  RateVerdict Acquire(const std::string& key, const RateLimit& limit);

  // One probe when one is due (backend_switch.hpp): pings the store, switches back on an answer.
  void Probe();

  LimiterBackend Backend() const { return switch_.Current(); }
  std::uint64_t Fallbacks() const { return switch_.Fallbacks(); }
  bool HasStore() const { return store_ != nullptr; }
  std::size_t LocalSize() const { return local_.Size(); }

 private:
  void Failed(const StoreError& error);
  void ProberLoop();

  const Options options_;
  const std::unique_ptr<WindowStore> store_;
  const Now now_;
  RateLimiter local_;
  BackendSwitch switch_;
  std::mutex stop_mutex_;
  std::condition_variable stop_changed_;
  bool stopping_ = false;
  std::thread prober_;
};

}  // namespace shop::gateway
