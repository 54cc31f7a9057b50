#include "platform/service/notification_listener.hpp"

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <pqxx/pqxx>

#include "platform/logging/log.hpp"

namespace shop::service {
namespace {

// How long one wait for a notification lasts: the bound on how late Stop() is seen.
constexpr long kAwaitMicros = 200'000;

class Receiver final : public pqxx::notification_receiver {
 public:
  Receiver(pqxx::connection& connection, const NotificationListenerOptions& options)
      : pqxx::notification_receiver(connection, options.channel), options_(options) {}
  void operator()(const std::string& payload, int) override { options_.on_notification(payload); }

 private:
  const NotificationListenerOptions& options_;
};

class NotificationListener final : public BackgroundTask {
 public:
  explicit NotificationListener(NotificationListenerOptions options)
      : options_(std::move(options)) {}

  std::string Name() const override { return options_.name; }

  void Run() override {
    while (!stopping_.load()) {
      try {
        pqxx::connection connection(options_.database_url);
        Receiver receiver(connection, options_);
        options_.on_connected();
        while (!stopping_.load()) {
          connection.await_notification(0, kAwaitMicros);
        }
      } catch (const std::exception& e) {
        logging::Warn(options_.failure_event,
                      {{"channel", options_.channel},
                       {"error", e.what()},
                       {"retry_in_ms", static_cast<long long>(options_.retry_every.count())}});
        std::unique_lock lock(mutex_);
        stopped_.wait_for(lock, options_.retry_every, [this] { return stopping_.load(); });
      }
    }
  }

  void Stop() override {
    {
      const std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    stopped_.notify_all();
  }

 private:
  const NotificationListenerOptions options_;
  std::atomic<bool> stopping_{false};
  std::mutex mutex_;
  std::condition_variable stopped_;
};

}  // namespace

std::unique_ptr<BackgroundTask> MakeNotificationListener(NotificationListenerOptions options) {
  return std::make_unique<NotificationListener>(std::move(options));
}

}  // namespace shop::service
