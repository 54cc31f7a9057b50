#pragma once
// A fixed set of threads running tasks from a bounded FIFO queue. Handlers block on Postgres, so
// they run here and never on the IO threads. TrySubmit never blocks: when the queue is full it
// returns false and the caller answers 503 instead of queueing without bound.
// Thread-safe; Stop() must not be called from a worker thread.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace shop::http {

class WorkerPool {
 public:
  using Task = std::function<void()>;

  // `threads` >= 1 workers; at most `capacity` tasks wait (tasks being run do not count).
  WorkerPool(std::size_t threads, std::size_t capacity);
  ~WorkerPool();  // Stop()
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Queues the task; false when the queue is full or the pool is stopped. A task that throws
  // has its exception swallowed: tasks report their own errors.
  bool TrySubmit(Task task);

  // Rejects new tasks, discards queued tasks that have not started (destroying them), waits for
  // running tasks and joins the threads. Idempotent.
  void Stop();

  std::size_t QueueDepth() const;
  std::size_t Capacity() const { return capacity_; }

 private:
  void Run();

  const std::size_t capacity_;
  mutable std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<Task> queue_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace shop::http
