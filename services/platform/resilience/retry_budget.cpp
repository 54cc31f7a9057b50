#include "platform/resilience/retry_budget.hpp"

#include <stdexcept>

namespace shop::resilience {

RetryBudget::RetryBudget(RetryBudgetOptions options, Now now)
    : options_(options),
      now_(std::move(now)),
      origin_(now_()),
      step_(std::chrono::duration_cast<Clock::duration>(options.window) / kSlots) {
  if (!(options_.ratio >= 0) || options_.min_retries < 0 ||
      options_.window < std::chrono::milliseconds(kSlots)) {
    throw std::invalid_argument(
        "retry budget: ratio and min_retries must be >= 0, the window at least 10 ms");
  }
}

RetryBudget::Slot& RetryBudget::CurrentLocked(long long step) {
  Slot& slot = slots_[static_cast<std::size_t>(step % kSlots)];
  if (slot.epoch != step) {
    slot = Slot{.epoch = step};
  }
  return slot;
}

void RetryBudget::OnFirstAttempt() {
  const long long step = (now_() - origin_) / step_;
  const std::lock_guard lock(mutex_);
  ++CurrentLocked(step).attempts;
}

bool RetryBudget::TryRetry() {
  const long long step = (now_() - origin_) / step_;
  const std::lock_guard lock(mutex_);
  long long attempts = 0;
  long long retries = 0;
  for (const Slot& slot : slots_) {
    if (slot.epoch > step - kSlots && slot.epoch <= step) {
      attempts += slot.attempts;
      retries += slot.retries;
    }
  }
  const double allowed = options_.min_retries + options_.ratio * static_cast<double>(attempts);
  if (static_cast<double>(retries + 1) > allowed) {
    return false;
  }
  ++CurrentLocked(step).retries;
  return true;
}

}  // namespace shop::resilience
