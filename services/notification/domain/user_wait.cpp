#include "notification/domain/user_wait.hpp"

namespace shop::notification {

bool UserWait::KeepWaiting(const std::string& event_id, Clock::time_point now) {
  const auto forget_after = patience_ * 2 + std::chrono::minutes(10);
  for (auto it = first_failed_.begin(); it != first_failed_.end();) {
    if (it->first != event_id && now - it->second > forget_after) {
      it = first_failed_.erase(it);
    } else {
      ++it;
    }
  }
  const auto [it, inserted] = first_failed_.try_emplace(event_id, now);
  return now - it->second < patience_;
}

}  // namespace shop::notification
