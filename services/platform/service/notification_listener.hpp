#pragma once
// A background task that LISTENs on one channel of the service's database (a trigger's
// pg_notify) on a connection of its own, outside the pool, and hands each notification's payload
// to `on_notification`. A notification is a hint: one sent while nobody listened (the connection
// broke, Postgres restarted) is lost, so `on_connected` runs after every (re)connection, before
// the first wait, for the caller to catch up. A failure is logged (`failure_event`) and the
// connection opened again `retry_every` later; the task never gives up. Callbacks run on the
// task's thread; Stop() is seen within 200 ms.

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "platform/service/background_task.hpp"

namespace shop::service {

struct NotificationListenerOptions {
  std::string name;          // the task's name (SHOP_DISABLED_TASKS)
  std::string database_url;  // ServiceContext::database_url
  std::string channel;
  std::function<void(const std::string& payload)> on_notification;
  std::function<void()> on_connected = [] {};
  std::chrono::milliseconds retry_every = std::chrono::seconds(1);
  std::string failure_event = "notification_listener_failed";  // the warning's log event
};

std::unique_ptr<BackgroundTask> MakeNotificationListener(NotificationListenerOptions options);

}  // namespace shop::service
