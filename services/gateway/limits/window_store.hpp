#pragma once
// The shared limiter's store, behind a small interface so the limiter's logic is tested without
// Redis (redis_store.hpp is the real one).

#include <chrono>
#include <stdexcept>
#include <string>

#include "gateway/limits/rate_limiter.hpp"
#include "gateway/limits/sliding_window.hpp"

namespace shop::gateway {

// The store did not answer in time, refused, or answered nonsense.
class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class WindowStore {
 public:
  virtual ~WindowStore() = default;
  // Counts a request on `key` when the sliding window (sliding_window.hpp) has room for it, in one
  // atomic step shared by every gateway. Throws StoreError.
  virtual WindowCount Hit(const std::string& key, const RateLimit& limit) = 0;
  // Checks that the store answers. Throws StoreError.
  virtual void Ping() = 0;
  // Drops open connections (after a failure: they are likely dead).
  virtual void Reset() {}
  // Where it is, for logs ("redis://host:port", never a password).
  virtual std::string Describe() const = 0;
};

}  // namespace shop::gateway
