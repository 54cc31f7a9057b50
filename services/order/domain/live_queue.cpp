#include "order/domain/live_queue.hpp"

#include <stdexcept>

namespace shop::order {

LiveQueue::LiveQueue(std::int64_t cursor, bool backlog, std::size_t limit)
    : limit_(limit), cursor_(cursor), behind_(backlog) {
  if (limit_ < 2) {
    throw std::invalid_argument("a live queue holds at least 2 messages");
  }
}

std::size_t LiveQueue::RowsToRead(Wake wake) const {
  if (overflowed_) {
    return 0;
  }
  if (behind_) {
    // New rows wait behind the backlog anyway; read the next page once half the queue has gone.
    return queue_.size() <= limit_ / 2 ? Room() + 1 : 0;
  }
  // Not behind: only new rows can exist. One row more than fits tells a full queue apart.
  return wake == Wake::kNewRows ? Room() + 1 : 0;
}

LiveQueue::Verdict LiveQueue::Accept(Wake wake, std::vector<LiveMessage> rows, std::size_t asked) {
  if (overflowed_) {
    return Verdict::kOverflow;
  }
  const bool table_exhausted = rows.size() < asked;
  std::erase_if(rows, [this](const LiveMessage& row) { return row.seq <= cursor_; });
  const bool fits = rows.size() <= Room();
  if (!fits && !behind_ && wake == Wake::kNewRows && !queue_.empty()) {
    overflowed_ = true;
    queue_.clear();
    return Verdict::kOverflow;
  }
  const std::size_t taken = fits ? rows.size() : Room();
  for (std::size_t i = 0; i < taken; ++i) {
    cursor_ = rows[i].seq;
    queue_.push_back(std::move(rows[i]));
  }
  // Rows were left (read but not taken, or possibly still in the table): the next page is read as
  // the queue drains.
  behind_ = !(fits && table_exhausted);
  refill_requested_ = false;
  return Verdict::kQueued;
}

std::optional<LiveMessage> LiveQueue::Pop() {
  if (queue_.empty()) {
    return std::nullopt;
  }
  LiveMessage message = std::move(queue_.front());
  queue_.pop_front();
  return message;
}

bool LiveQueue::TakeRefillRequest() {
  if (!behind_ || overflowed_ || refill_requested_ || queue_.size() > limit_ / 2) {
    return false;
  }
  refill_requested_ = true;
  return true;
}

}  // namespace shop::order
