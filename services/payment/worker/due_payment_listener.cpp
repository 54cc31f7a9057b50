#include "payment/worker/due_payment_listener.hpp"

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <pqxx/pqxx>

#include "platform/logging/log.hpp"

namespace shop::payment {
namespace {

// How long one wait for a notification lasts: the bound on how late Stop() is seen.
constexpr long kAwaitMicros = 200'000;

class DueReceiver final : public pqxx::notification_receiver {
 public:
  DueReceiver(pqxx::connection& connection, WorkSignal& signal)
      : pqxx::notification_receiver(connection, kPaymentDueChannel), signal_(signal) {}
  void operator()(const std::string&, int) override { signal_.Notify(); }

 private:
  WorkSignal& signal_;
};

class DuePaymentListener final : public service::BackgroundTask {
 public:
  DuePaymentListener(std::string database_url, WorkSignal& signal,
                     std::chrono::milliseconds retry_every)
      : database_url_(std::move(database_url)), signal_(signal), retry_every_(retry_every) {}

  std::string Name() const override { return "due-payments"; }

  void Run() override {
    while (!stopping_.load()) {
      try {
        pqxx::connection connection(database_url_);
        DueReceiver receiver(connection, signal_);
        // Payments that became due while nobody listened are found by the workers' poll; one
        // wake-up now makes them look at once.
        signal_.Notify();
        while (!stopping_.load()) {
          connection.await_notification(0, kAwaitMicros);
        }
      } catch (const std::exception& e) {
        logging::Warn(
            "payment_listener_failed",
            {{"error", e.what()}, {"retry_in_ms", static_cast<long long>(retry_every_.count())}});
        std::unique_lock lock(mutex_);
        stopped_.wait_for(lock, retry_every_, [this] { return stopping_.load(); });
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
  const std::string database_url_;
  WorkSignal& signal_;
  const std::chrono::milliseconds retry_every_;
  std::atomic<bool> stopping_{false};
  std::mutex mutex_;
  std::condition_variable stopped_;
};

}  // namespace

std::unique_ptr<service::BackgroundTask> MakeDuePaymentListener(
    std::string database_url, WorkSignal& signal, std::chrono::milliseconds retry_every) {
  return std::make_unique<DuePaymentListener>(std::move(database_url), signal, retry_every);
}

}  // namespace shop::payment
