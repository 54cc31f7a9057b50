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
  // Blocks until Stop(). Retry transient failures inside (log them); an exception, or a return
  // before Stop(), means the task cannot go on: RunService logs it (background_task_failed) and
  // stops the service with exit status 1 so that the supervisor restarts it.
  virtual void Run() = 0;
  // Asks Run() to finish; callable from any thread.
  virtual void Stop() = 0;
};

}  // namespace shop::service
