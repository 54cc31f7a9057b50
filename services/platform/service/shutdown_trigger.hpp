#pragma once
// What ends a running service: SIGTERM/SIGINT from the supervisor, or a background task that
// failed. The signal handlers are installed on construction, so a signal that arrives while the
// service is still starting waits for Wait() instead of killing the process.
//
// Thread-safe: TaskFailed() and Requested() may be called from any thread.

#include <atomic>
#include <memory>

namespace shop::service {

class ShutdownTrigger {
 public:
  enum class Reason { kSignal, kTaskFailed };

  ShutdownTrigger();
  ~ShutdownTrigger();
  ShutdownTrigger(const ShutdownTrigger&) = delete;
  ShutdownTrigger& operator=(const ShutdownTrigger&) = delete;

  // Blocks until a signal arrives or TaskFailed() is called; logs a signal (shutdown_signal).
  // Call once.
  Reason Wait();
  // Ends Wait() with kTaskFailed (the task has logged why).
  void TaskFailed();
  // True once Wait() has returned: the service is stopping on purpose.
  bool Requested() const { return requested_.load(); }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::atomic<bool> requested_{false};
};

}  // namespace shop::service
