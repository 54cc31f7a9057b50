#pragma once
// The relay's marking half (docs/decisions/0044): commits a round's plan (mark published, park)
// on a connection and a thread of its own, so the loop selects and produces the next batch while
// the previous batch's marks commit. At most one plan is in flight: Submit waits for the previous
// one. The loop excludes the ids of every plan not yet known committed (InFlight) from its next
// SELECT, so a row is never sent twice by one relay because its mark is still on the way; a mark
// that never commits (the relay dies) only means the row is sent again, as before.
//
// Marking connections do not take the advisory lock: they only set published_at on rows whose
// delivery report arrived (or park rows Kafka refused), which is correct whoever holds the lock.

#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <thread>
#include <vector>

#include "relay/outbox_batch.hpp"

namespace shop::relay {

class Marker {
 public:
  // Called on the marker's thread after each plan committed (counters, logs).
  using Committed = std::function<void(const RoundPlan&)>;

  // Opens its connection (throws like pqxx::connection) and starts the thread.
  Marker(const std::string& uri, Committed committed);
  // Waits for the plan in flight (its failure, if any, is dropped: the rows go out again).
  ~Marker();
  Marker(const Marker&) = delete;
  Marker& operator=(const Marker&) = delete;

  // Waits until the previous plan committed, then hands this one over. Rethrows the previous
  // plan's failure (the caller ends its session; the failed plan's rows are sent again).
  void Submit(RoundPlan plan);
  // Waits until nothing is in flight; rethrows a failure as Submit does.
  void Drain();
  // Ids of the plan submitted and not yet committed (empty when none): the next SELECT skips them.
  std::vector<std::int64_t> InFlight() const;

 private:
  void Work();
  void Commit(const RoundPlan& plan);
  void WaitIdle(std::unique_lock<std::mutex>& lock);

  pqxx::connection connection_;
  Committed committed_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::optional<RoundPlan> pending_;
  std::vector<std::int64_t> in_flight_;
  std::exception_ptr failure_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace shop::relay
