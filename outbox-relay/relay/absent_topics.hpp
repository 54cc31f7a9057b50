#pragma once
// How long the relay keeps re-sending rows whose topic does not exist (pure; unit-tested). A topic
// may be missing for a while on purpose (created by an operator after the service that writes to
// it was deployed), so rows wait for a grace period from the topic's first refusal; past it, the
// next refusal parks the row. A delivery to the topic ends its grace clock.

#include <chrono>
#include <map>
#include <optional>
#include <string>

namespace shop::relay {

class AbsentTopics {
 public:
  using Clock = std::chrono::steady_clock;
  explicit AbsentTopics(std::chrono::milliseconds grace) : grace_(grace) {}

  // A row of `topic` was refused as "no such topic" at `now`: the reason to park it once the grace
  // period has passed since the topic's first refusal, else nullopt (send it again).
  std::optional<std::string> Refused(const std::string& topic, Clock::time_point now);
  void Delivered(const std::string& topic) { first_refused_.erase(topic); }

 private:
  std::chrono::milliseconds grace_;
  std::map<std::string, Clock::time_point> first_refused_;
};

}  // namespace shop::relay
