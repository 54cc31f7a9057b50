#include "relay/marker.hpp"

#include <utility>

#include "relay/outbox_statements.hpp"

namespace shop::relay {

Marker::Marker(const std::string& uri, Committed committed)
    : connection_(uri), committed_(std::move(committed)) {
  connection_.prepare(sql::kMarkPublishedName, sql::kMarkPublished);
  connection_.prepare(sql::kParkName, sql::kPark);
  thread_ = std::thread([this] { Work(); });
}

Marker::~Marker() {
  {
    std::unique_lock lock(mutex_);
    WaitIdle(lock);
    stopping_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

void Marker::WaitIdle(std::unique_lock<std::mutex>& lock) {
  changed_.wait(lock, [this] { return !pending_; });
}

void Marker::Submit(RoundPlan plan) {
  std::unique_lock lock(mutex_);
  WaitIdle(lock);
  if (failure_) {
    std::rethrow_exception(std::exchange(failure_, nullptr));
  }
  in_flight_.clear();
  in_flight_.insert(in_flight_.end(), plan.marks.begin(), plan.marks.end());
  for (const Parking& parking : plan.parks) {
    in_flight_.push_back(parking.row_id);
  }
  pending_ = std::move(plan);
  changed_.notify_all();
}

void Marker::Drain() {
  std::unique_lock lock(mutex_);
  WaitIdle(lock);
  if (failure_) {
    std::rethrow_exception(std::exchange(failure_, nullptr));
  }
}

std::vector<std::int64_t> Marker::InFlight() const {
  const std::lock_guard lock(mutex_);
  return in_flight_;
}

void Marker::Work() {
  std::unique_lock lock(mutex_);
  while (true) {
    changed_.wait(lock, [this] { return pending_ || stopping_; });
    if (!pending_) {
      return;
    }
    const RoundPlan plan = *pending_;
    lock.unlock();
    std::exception_ptr failure;
    try {
      Commit(plan);
    } catch (...) {
      failure = std::current_exception();
    }
    lock.lock();
    // Committed or failed: either way the ids may be selected again (sent again when unmarked).
    in_flight_.clear();
    pending_.reset();
    if (failure) {
      failure_ = failure;
    }
    changed_.notify_all();
  }
}

void Marker::Commit(const RoundPlan& plan) {
  if (plan.marks.empty() && plan.parks.empty()) {
    return;
  }
  std::vector<std::int64_t> park_ids;
  std::vector<std::string> reasons;
  for (const Parking& parking : plan.parks) {
    park_ids.push_back(parking.row_id);
    reasons.push_back(parking.reason);
  }
  pqxx::work txn(connection_);
  if (!plan.marks.empty()) {
    txn.exec_prepared(sql::kMarkPublishedName, BigintArrayLiteral(plan.marks));
  }
  if (!park_ids.empty()) {
    txn.exec_prepared(sql::kParkName, BigintArrayLiteral(park_ids), TextArrayLiteral(reasons));
  }
  txn.commit();
  if (committed_) {
    committed_(plan);
  }
}

}  // namespace shop::relay
