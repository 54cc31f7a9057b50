#pragma once
// A bulkhead: at most `capacity` holders at once; a caller that cannot get in within its wait is
// turned away (and answers 503) instead of queueing without bound. Bounds memory-hungry work such
// as password hashing.

#include <chrono>
#include <optional>
#include <semaphore>
#include <stdexcept>
#include <utility>

namespace shop::resilience {

class Bulkhead {
 public:
  // Releases its place on destruction.
  class Pass {
   public:
    explicit Pass(Bulkhead& bulkhead) : bulkhead_(&bulkhead) {}
    Pass(Pass&& other) noexcept : bulkhead_(std::exchange(other.bulkhead_, nullptr)) {}
    Pass& operator=(Pass&&) = delete;
    ~Pass() {
      if (bulkhead_ != nullptr) {
        bulkhead_->places_.release();
      }
    }

   private:
    Bulkhead* bulkhead_;
  };

  explicit Bulkhead(int capacity) : places_(CheckedCapacity(capacity)) {}

  // A pass, or nullopt when no place came free within `wait`.
  std::optional<Pass> TryEnter(std::chrono::milliseconds wait) {
    if (!places_.try_acquire_for(wait)) {
      return std::nullopt;
    }
    return Pass(*this);
  }

 private:
  static int CheckedCapacity(int capacity) {
    if (capacity < 1) {
      throw std::invalid_argument("bulkhead capacity must be at least 1");
    }
    return capacity;
  }

  std::counting_semaphore<> places_;
};

}  // namespace shop::resilience
