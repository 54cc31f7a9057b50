#pragma once
// A retry budget for calls to another service: retries may add at most `ratio` of the first
// attempts made over the last `window`, plus `min_retries` per window so that a caller with little
// traffic can still retry. When an upstream fails, every caller retrying at once would multiply
// its load exactly when it can least take it; the budget caps that extra load (Finagle's
// RetryBudget, the same idea).
//
// The window slides in `kSlots` steps: attempts older than `window` (rounded to a step) no longer
// count. Thread-safe; the clock is injectable so tests need not wait.

#include <array>
#include <chrono>
#include <functional>
#include <mutex>

namespace shop::resilience {

struct RetryBudgetOptions {
  double ratio = 0.2;   // retries per first attempt, 0.2 = at most 20 % more requests
  int min_retries = 3;  // per window, whatever the traffic
  std::chrono::milliseconds window{10000};
};

class RetryBudget {
 public:
  using Clock = std::chrono::steady_clock;
  using Now = std::function<Clock::time_point()>;

  // Throws std::invalid_argument on a negative ratio or min_retries, or a window under kSlots ms.
  explicit RetryBudget(RetryBudgetOptions options, Now now = Clock::now);

  // Records a first attempt (every request, retried or not).
  void OnFirstAttempt();
  // True, and the retry is recorded, when one more retry stays within the budget.
  bool TryRetry();

  static constexpr int kSlots = 10;

 private:
  struct Slot {
    long long epoch = -1;  // which step of the clock this slot counts for
    long long attempts = 0;
    long long retries = 0;
  };
  // The current step's slot, reset when it last counted for an older step. Needs mutex_.
  Slot& CurrentLocked(long long step);

  const RetryBudgetOptions options_;
  const Now now_;
  const Clock::time_point origin_;
  const Clock::duration step_;
  std::mutex mutex_;
  std::array<Slot, kSlots> slots_{};
};

}  // namespace shop::resilience
