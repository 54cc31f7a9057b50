#include "payment/worker/due_payment_listener.hpp"

#include "platform/service/notification_listener.hpp"

namespace shop::payment {

std::unique_ptr<service::BackgroundTask> MakeDuePaymentListener(
    std::string database_url, WorkSignal& signal, std::chrono::milliseconds retry_every) {
  return service::MakeNotificationListener(
      {.name = "due-payments",
       .database_url = std::move(database_url),
       .channel = kPaymentDueChannel,
       .on_notification = [&signal](const std::string&) { signal.Notify(); },
       // Payments that became due while nobody listened are found by the workers' poll; one
       // wake-up now makes them look at once.
       .on_connected = [&signal] { signal.Notify(); },
       .retry_every = retry_every,
       .failure_event = "payment_listener_failed"});
}

}  // namespace shop::payment
