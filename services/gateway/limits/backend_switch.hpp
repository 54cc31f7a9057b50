#pragma once
// Which limiter the gateway uses, decided without any I/O (decision 0038). With a shared store
// configured, it starts on the shared one; the first failed call switches to the local limiter,
// which then serves every request until a probe (one every `probe_interval`) finds the store
// answering again. A switch is reported once, by the call that made it, so the caller logs
// switches and not every request. Without a shared store it stays local.
//
// Thread-safe; time is passed in so tests use a fake clock.

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string_view>

namespace shop::gateway {

enum class LimiterBackend { kShared, kLocal };

std::string_view LimiterBackendName(LimiterBackend backend);  // "redis" | "local"

class BackendSwitch {
 public:
  using Clock = std::chrono::steady_clock;

  BackendSwitch(bool shared_configured, std::chrono::milliseconds probe_interval);

  LimiterBackend Current() const;
  // A call to the shared store failed at `now`: true when this switched to local.
  bool OnFailure(Clock::time_point now);
  // The shared store answered (a call or a probe): true when this switched back to shared.
  bool OnSuccess();
  // Local with a shared store configured and the last probe (or the switch) `probe_interval` ago
  // or more: true, and the next probe is then due one interval after `now` (so concurrent callers
  // do not probe together).
  bool TakeProbe(Clock::time_point now);
  std::uint64_t Fallbacks() const;  // switches to local so far

 private:
  const bool shared_configured_;
  const std::chrono::milliseconds probe_interval_;
  mutable std::mutex mutex_;
  LimiterBackend current_;
  Clock::time_point next_probe_{};
  std::uint64_t fallbacks_ = 0;
};

}  // namespace shop::gateway
