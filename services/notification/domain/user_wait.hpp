#pragma once
// How long an order or delivery event waits for its user to reach the users replica. The replica
// is fed by user.* topics, which the group reads beside order.* and delivery.*: after a restart
// with a backlog, or a new group reading from the start, an order can come before its user's
// user.created. Such an event is retried as a transient failure (its partition paused, the others
// flowing) for `patience` since this process first failed it, then given up (a permanent failure:
// dead-lettered after the consumer's attempts, with the reason). Pure apart from the clock the
// caller passes; not thread-safe (the consumer's thread only).

#include <chrono>
#include <map>
#include <string>

namespace shop::notification {

class UserWait {
 public:
  using Clock = std::chrono::steady_clock;

  explicit UserWait(std::chrono::milliseconds patience) : patience_(patience) {}

  // True while `event_id` has waited less than the patience (its first call starts the wait).
  bool KeepWaiting(const std::string& event_id, Clock::time_point now);
  // The event found its user (or was dealt with otherwise): forget its wait.
  void Forget(const std::string& event_id) { first_failed_.erase(event_id); }
  std::size_t waiting() const { return first_failed_.size(); }

 private:
  std::chrono::milliseconds patience_;
  // Entries of events that were dead-lettered are never forgotten by the caller: purged once they
  // are well past the patience.
  std::map<std::string, Clock::time_point> first_failed_;
};

}  // namespace shop::notification
