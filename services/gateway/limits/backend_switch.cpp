#include "gateway/limits/backend_switch.hpp"

namespace shop::gateway {

std::string_view LimiterBackendName(LimiterBackend backend) {
  return backend == LimiterBackend::kShared ? "redis" : "local";
}

BackendSwitch::BackendSwitch(bool shared_configured, std::chrono::milliseconds probe_interval)
    : shared_configured_(shared_configured),
      probe_interval_(probe_interval),
      current_(shared_configured ? LimiterBackend::kShared : LimiterBackend::kLocal) {}

LimiterBackend BackendSwitch::Current() const {
  const std::lock_guard lock(mutex_);
  return current_;
}

bool BackendSwitch::OnFailure(Clock::time_point now) {
  const std::lock_guard lock(mutex_);
  if (current_ == LimiterBackend::kLocal) {
    return false;
  }
  current_ = LimiterBackend::kLocal;
  next_probe_ = now + probe_interval_;
  ++fallbacks_;
  return true;
}

bool BackendSwitch::OnSuccess() {
  const std::lock_guard lock(mutex_);
  if (!shared_configured_ || current_ == LimiterBackend::kShared) {
    return false;
  }
  current_ = LimiterBackend::kShared;
  return true;
}

bool BackendSwitch::TakeProbe(Clock::time_point now) {
  const std::lock_guard lock(mutex_);
  if (!shared_configured_ || current_ == LimiterBackend::kShared || now < next_probe_) {
    return false;
  }
  next_probe_ = now + probe_interval_;
  return true;
}

std::uint64_t BackendSwitch::Fallbacks() const {
  const std::lock_guard lock(mutex_);
  return fallbacks_;
}

}  // namespace shop::gateway
