#pragma once
// A small thread-safe cache whose entries expire after a time to live, bounded in size: when it
// is full, expired entries are dropped first, then the entry inserted longest ago.
// Used in front of calls to other services (answers, including "not found", for a short while).

#include <chrono>
#include <cstddef>
#include <functional>
#include <list>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <unordered_map>

namespace shop::resilience {

template <typename Key, typename Value>
class TtlCache {
 public:
  using Clock = std::chrono::steady_clock;
  using Now = std::function<Clock::time_point()>;

  TtlCache(std::size_t capacity, Now now = Clock::now) : capacity_(capacity), now_(std::move(now)) {
    if (capacity_ == 0) {
      throw std::invalid_argument("TtlCache capacity must be at least 1");
    }
  }

  // The live value of `key`, or nullopt when absent or expired.
  std::optional<Value> Get(const Key& key) const {
    const Clock::time_point now = now_();
    const std::lock_guard lock(mutex_);
    const auto it = entries_.find(key);
    if (it == entries_.end() || it->second.expires_at <= now) {
      return std::nullopt;
    }
    return it->second.value;
  }

  void Put(const Key& key, Value value, Clock::duration ttl) {
    const Clock::time_point now = now_();
    const std::lock_guard lock(mutex_);
    if (const auto it = entries_.find(key); it != entries_.end()) {
      order_.erase(it->second.position);
      entries_.erase(it);
    }
    if (entries_.size() >= capacity_) {
      MakeRoomLocked(now);
    }
    order_.push_back(key);
    entries_.emplace(key, Entry{std::move(value), now + ttl, std::prev(order_.end())});
  }

  void Erase(const Key& key) {
    const std::lock_guard lock(mutex_);
    if (const auto it = entries_.find(key); it != entries_.end()) {
      order_.erase(it->second.position);
      entries_.erase(it);
    }
  }

  std::size_t Size() const {
    const std::lock_guard lock(mutex_);
    return entries_.size();
  }

 private:
  struct Entry {
    Value value;
    Clock::time_point expires_at;
    typename std::list<Key>::iterator position;  // in order_
  };

  void MakeRoomLocked(Clock::time_point now) {
    for (auto it = order_.begin(); it != order_.end();) {
      const auto entry = entries_.find(*it);
      if (entry->second.expires_at <= now) {
        entries_.erase(entry);
        it = order_.erase(it);
      } else {
        ++it;
      }
    }
    if (entries_.size() >= capacity_) {
      entries_.erase(order_.front());
      order_.pop_front();
    }
  }

  const std::size_t capacity_;
  const Now now_;
  mutable std::mutex mutex_;
  std::list<Key> order_;  // insertion order, oldest first
  std::unordered_map<Key, Entry> entries_;
};

}  // namespace shop::resilience
