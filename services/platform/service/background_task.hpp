#pragma once
// Long-running work a service runs beside its HTTP server (e.g. an event consumer). RunService
// starts each task's Run() on a thread of its own once the routes are up, and on SIGTERM, after
// the HTTP drain, calls Stop() and joins the thread.

#include <string>

namespace shop::service {

class BackgroundTask {
 public:
  virtual ~BackgroundTask() = default;
  virtual std::string Name() const = 0;
  // Blocks until Stop(); must not throw (log and retry inside instead).
  virtual void Run() = 0;
  // Asks Run() to finish; callable from any thread.
  virtual void Stop() = 0;
};

}  // namespace shop::service
