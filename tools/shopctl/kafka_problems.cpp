#include "shopctl/kafka_problems.hpp"

#include <mutex>
#include <set>
#include <vector>

namespace shop::shopctl {

struct KafkaProblems::State {
  std::mutex mutex;
  std::set<std::string> seen;
  std::vector<std::string> in_order;
};

KafkaProblems::KafkaProblems() : state_(std::make_shared<State>()) {}

events::kafka::ProblemSink KafkaProblems::Sink() const {
  return [state = state_](std::string_view, std::string_view text) {
    const std::lock_guard lock(state->mutex);
    if (state->seen.emplace(text).second) {
      state->in_order.emplace_back(text);
    }
  };
}

std::string KafkaProblems::Note() const {
  const std::lock_guard lock(state_->mutex);
  if (state_->in_order.empty()) {
    return {};
  }
  std::string note = "shopctl: note: Kafka reported " + std::to_string(state_->in_order.size()) +
                     " problem(s) the command recovered from: ";
  for (std::size_t i = 0; i < state_->in_order.size() && i < 3; ++i) {
    note += (i == 0 ? "" : "; ") + state_->in_order[i];
  }
  if (state_->in_order.size() > 3) {
    note += "; ...";
  }
  return note;
}

}  // namespace shop::shopctl
