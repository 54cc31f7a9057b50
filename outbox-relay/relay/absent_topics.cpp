#include "relay/absent_topics.hpp"

namespace shop::relay {

std::optional<std::string> AbsentTopics::Refused(const std::string& topic, Clock::time_point now) {
  const auto [it, first] = first_refused_.try_emplace(topic, now);
  if (first || now - it->second < grace_) {
    return std::nullopt;
  }
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(now - it->second).count();
  return "topic " + topic + " does not exist (refused for " + std::to_string(seconds) +
         " s, longer than the grace period); create it, then `shopctl outbox retry`";
}

}  // namespace shop::relay
