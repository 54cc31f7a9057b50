// shop_failing_task_probe: a service (RunService, SHOP_DATABASE_URL and SHOP_HTTP_PORT from the
// environment) with two background tasks: "steady" runs until stopped, "exploding" throws
// std::runtime_error("disk on fire") as soon as it starts. The runtime tests check what the
// process does then (log line, exit status).
#include <condition_variable>
#include <mutex>
#include <stdexcept>

#include "platform/service/service_main.hpp"

namespace {

class SteadyTask final : public shop::service::BackgroundTask {
 public:
  std::string Name() const override { return "steady"; }
  void Run() override {
    std::unique_lock lock(mutex_);
    stopped_.wait(lock, [this] { return stop_; });
  }
  void Stop() override {
    {
      std::lock_guard lock(mutex_);
      stop_ = true;
    }
    stopped_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable stopped_;
  bool stop_ = false;
};

class ExplodingTask final : public shop::service::BackgroundTask {
 public:
  std::string Name() const override { return "exploding"; }
  void Run() override { throw std::runtime_error("disk on fire"); }
  void Stop() override {}
};

}  // namespace

int main() {
  return shop::service::RunService({
      .name = "failing-task-probe",
      .default_port = 0,
      .migrations = {},
      .statements = {},
      .add_routes = [](shop::http::Router&, shop::service::ServiceContext&) {},
      .background_tasks =
          [](shop::service::ServiceContext&) {
            std::vector<std::unique_ptr<shop::service::BackgroundTask>> tasks;
            tasks.push_back(std::make_unique<SteadyTask>());
            tasks.push_back(std::make_unique<ExplodingTask>());
            return tasks;
          },
  });
}
