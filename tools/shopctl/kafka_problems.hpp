#pragma once
// librdkafka's own errors during one shopctl command, kept for the operator rather than swallowed:
// a command that fails already says why in its one sentence (exit_codes.hpp), so they stay quiet
// then; a command that succeeds despite them (a broker hiccup, a retried request) ends with one
// note line naming them. Thread-safe: librdkafka reports from its threads.

#include <memory>
#include <string>

#include "events/kafka/client.hpp"

namespace shop::shopctl {

class KafkaProblems {
 public:
  KafkaProblems();
  events::kafka::ProblemSink Sink() const;
  // "shopctl: note: Kafka reported <n> problem(s): <first>; <second>; ..." or "" when none.
  std::string Note() const;

 private:
  struct State;
  std::shared_ptr<State> state_;
};

}  // namespace shop::shopctl
