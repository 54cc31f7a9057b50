#include "platform/http/worker_pool.hpp"

#include <stdexcept>

namespace shop::http {

WorkerPool::WorkerPool(std::size_t threads, std::size_t capacity) : capacity_(capacity) {
  if (threads == 0) {
    throw std::invalid_argument("a worker pool needs at least one thread");
  }
  threads_.reserve(threads);
  for (std::size_t i = 0; i < threads; ++i) {
    threads_.emplace_back([this] { Run(); });
  }
}

WorkerPool::~WorkerPool() { Stop(); }

bool WorkerPool::TrySubmit(Task task) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || queue_.size() >= capacity_) {
      return false;
    }
    queue_.push_back(std::move(task));
  }
  ready_.notify_one();
  return true;
}

void WorkerPool::Stop() {
  std::deque<Task> discarded;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    discarded.swap(queue_);
  }
  ready_.notify_all();
  discarded.clear();  // outside the lock: a task's destructor may do anything
  for (std::thread& thread : threads_) {
    if (thread.joinable()) {
      thread.join();
    }
  }
}

std::size_t WorkerPool::QueueDepth() const {
  std::lock_guard lock(mutex_);
  return queue_.size();
}

void WorkerPool::Run() {
  while (true) {
    Task task;
    {
      std::unique_lock lock(mutex_);
      ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) {
        return;  // stopping
      }
      task = std::move(queue_.front());
      queue_.pop_front();
    }
    try {
      task();
    } catch (...) {
      // Tasks handle and report their own failures; a stray exception must not kill a worker.
    }
  }
}

}  // namespace shop::http
