#pragma once
// The background task "due-payments": LISTENs on the channel 'payment_due' of the service's
// database (migration V005: a payment inserted or moved to pending / refund_pending notifies it at
// commit) and wakes the payment workers of this process through a WorkSignal, so a new payment is
// charged at once instead of at the workers' next poll. A notification is only a hint: the workers
// still poll every SHOP_PAYMENT_POLL_INTERVAL, so a lost one (connection broken, Postgres
// restarted) costs latency, never a payment. The listener holds one connection of its own, outside
// the pool, and opens it again after a failure (a second apart).

#include <chrono>
#include <memory>
#include <string>

#include "payment/worker/work_signal.hpp"
#include "platform/service/background_task.hpp"

namespace shop::payment {

inline constexpr const char* kPaymentDueChannel = "payment_due";

// `signal` must outlive the task. `database_url` as the pool's (SHOP_DATABASE_URL).
std::unique_ptr<service::BackgroundTask> MakeDuePaymentListener(
    std::string database_url, WorkSignal& signal,
    std::chrono::milliseconds retry_every = std::chrono::seconds(1));

}  // namespace shop::payment
