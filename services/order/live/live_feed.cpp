#include "order/live/live_feed.hpp"

#include <utility>

#include "order/domain/live_message.hpp"
#include "order/store/live_timeline.hpp"
#include "platform/logging/log.hpp"

namespace shop::order {
namespace {

unsigned Bit(LiveQueue::Wake wake) { return wake == LiveQueue::Wake::kNewRows ? 1u : 2u; }

constexpr LiveQueue::Wake kWakes[] = {LiveQueue::Wake::kNewRows, LiveQueue::Wake::kDrained};

}  // namespace

LiveSubscriber::LiveSubscriber(std::string user_id, LiveQueue queue, std::function<void()> wake)
    : user_id_(std::move(user_id)), wake_(std::move(wake)), queue_(std::move(queue)) {}

LiveSubscriber::Next LiveSubscriber::TakeNext() {
  const std::lock_guard lock(mutex_);
  Next next;
  next.overflowed = overflowed_;
  if (!overflowed_) {
    next.message = queue_.Pop();
    next.wants_refill = queue_.TakeRefillRequest();
  }
  return next;
}

LiveFeed::LiveFeed(db::ConnectionPool& pool, metrics::Registry& metrics,
                   std::chrono::milliseconds retry_every)
    : pool_(pool),
      overflows_(metrics.GetCounter(
          "order_live_send_queue_full_total",
          "Live order-status sockets closed (1008) because the client did not keep up.")),
      retry_every_(retry_every) {}

std::shared_ptr<LiveSubscriber> LiveFeed::Subscribe(const std::string& user_id, std::int64_t cursor,
                                                    bool backlog, std::function<void()> wake) {
  auto subscriber =
      std::make_shared<LiveSubscriber>(user_id, LiveQueue(cursor, backlog), std::move(wake));
  const std::lock_guard lock(mutex_);
  by_user_.emplace(user_id, subscriber);
  // A resume reads its backlog; a fresh socket the rows committed since the route read the
  // user's last seq (the notification of those found no subscriber yet).
  Request(subscriber, backlog ? LiveQueue::Wake::kDrained : LiveQueue::Wake::kNewRows);
  return subscriber;
}

void LiveFeed::Unsubscribe(const std::shared_ptr<LiveSubscriber>& subscriber) {
  const std::lock_guard lock(mutex_);
  const auto [first, last] = by_user_.equal_range(subscriber->user_id());
  for (auto it = first; it != last; ++it) {
    if (it->second == subscriber) {
      subscriber->subscribed_ = false;
      by_user_.erase(it);
      break;
    }
  }
}

void LiveFeed::NewRowsFor(const std::string& user_id) {
  const std::lock_guard lock(mutex_);
  const auto [first, last] = by_user_.equal_range(user_id);
  for (auto it = first; it != last; ++it) {
    Request(it->second, LiveQueue::Wake::kNewRows);
  }
}

void LiveFeed::NewRowsForEveryone() {
  const std::lock_guard lock(mutex_);
  for (const auto& [user_id, subscriber] : by_user_) {
    Request(subscriber, LiveQueue::Wake::kNewRows);
  }
}

void LiveFeed::Drained(const std::shared_ptr<LiveSubscriber>& subscriber) {
  const std::lock_guard lock(mutex_);
  Request(subscriber, LiveQueue::Wake::kDrained);
}

void LiveFeed::Request(const std::shared_ptr<LiveSubscriber>& subscriber, LiveQueue::Wake wake) {
  if (subscriber->pending_ == 0) {
    work_.push_back(subscriber);
    changed_.notify_one();
  }
  subscriber->pending_ |= Bit(wake);
}

std::size_t LiveFeed::Subscribers() const {
  const std::lock_guard lock(mutex_);
  return by_user_.size();
}

void LiveFeed::Run() {
  // Subscribers whose read failed, with what they asked, served again after retry_every_.
  std::vector<std::pair<std::shared_ptr<LiveSubscriber>, unsigned>> failed;
  std::chrono::steady_clock::time_point retry_at{};
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    if (failed.empty()) {
      changed_.wait(lock, [this] { return stopping_ || !work_.empty(); });
    } else {
      changed_.wait_until(lock, retry_at, [this] { return stopping_ || !work_.empty(); });
      if (std::chrono::steady_clock::now() >= retry_at) {
        for (auto& [subscriber, wakes] : failed) {
          if (subscriber->pending_ == 0) {
            work_.push_back(subscriber);
          }
          subscriber->pending_ |= wakes;
        }
        failed.clear();
      }
    }
    if (stopping_ || work_.empty()) {
      continue;
    }
    std::shared_ptr<LiveSubscriber> subscriber = std::move(work_.front());
    work_.pop_front();
    const unsigned wakes = std::exchange(subscriber->pending_, 0);
    if (!subscriber->subscribed_) {
      continue;  // its socket has gone
    }
    lock.unlock();
    bool served = true;
    for (const LiveQueue::Wake wake : kWakes) {
      if ((wakes & Bit(wake)) != 0) {
        served = Serve(*subscriber, wake) && served;
      }
    }
    lock.lock();
    if (!served) {
      if (failed.empty()) {
        retry_at = std::chrono::steady_clock::now() + retry_every_;
      }
      failed.emplace_back(std::move(subscriber), wakes);
    }
  }
}

void LiveFeed::Stop() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
}

bool LiveFeed::Serve(LiveSubscriber& subscriber, LiveQueue::Wake wake) {
  std::size_t rows_to_read = 0;
  std::int64_t cursor = 0;
  {
    const std::lock_guard lock(subscriber.mutex_);
    rows_to_read = subscriber.overflowed_ ? 0 : subscriber.queue_.RowsToRead(wake);
    cursor = subscriber.queue_.Cursor();
  }
  if (rows_to_read == 0) {
    return true;
  }
  std::vector<TimelineRow> rows;
  try {
    rows = pool_.WithTransaction([&](pqxx::work& txn) {
      return UserTimelineAfter(txn, subscriber.user_id(), cursor, rows_to_read);
    });
  } catch (const std::exception& error) {
    logging::Warn(
        "live_feed_read_failed",
        {{"error", error.what()}, {"retry_in_ms", static_cast<long long>(retry_every_.count())}});
    return false;
  }
  std::vector<LiveMessage> messages;
  messages.reserve(rows.size());
  for (const TimelineRow& row : rows) {
    messages.push_back({.seq = row.seq, .json = LiveMessageJson(row)});
  }
  const bool any = !messages.empty();
  bool overflowed = false;
  {
    const std::lock_guard lock(subscriber.mutex_);
    overflowed = subscriber.queue_.Accept(wake, std::move(messages), rows_to_read) ==
                 LiveQueue::Verdict::kOverflow;
    subscriber.overflowed_ = overflowed;
  }
  if (overflowed) {
    overflows_.Inc();
    logging::Warn("live_send_queue_full",
                  {{"user_id", subscriber.user_id()}, {"limit", kLiveQueueLimit}});
  }
  if (any || overflowed) {
    subscriber.wake_();
  }
  return true;
}

}  // namespace shop::order
