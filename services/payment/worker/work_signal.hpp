#pragma once
// Wakes idle payment workers early. The due-payment listener (due_payment_listener.hpp) calls
// Notify() when Postgres reports that a payment became due; a worker that found nothing to do
// waits in Wait() for at most its poll interval. A Notify() that comes between a worker's
// Generation() and its Wait() is not lost: Wait() returns at once.
//
// Thread-safe.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>

namespace shop::payment {

class WorkSignal {
 public:
  std::uint64_t Generation() const {
    const std::lock_guard lock(mutex_);
    return generation_;
  }

  void Notify() {
    {
      const std::lock_guard lock(mutex_);
      ++generation_;
    }
    changed_.notify_all();
  }

  // Returns once Notify() has been called since Generation() returned `seen`, or after `timeout`.
  void Wait(std::uint64_t seen, std::chrono::milliseconds timeout) const {
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, timeout, [&] { return generation_ != seen; });
  }

 private:
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  std::uint64_t generation_ = 0;
};

}  // namespace shop::payment
