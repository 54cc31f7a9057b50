#include "order/live/live_status.hpp"

#include "platform/service/notification_listener.hpp"

namespace shop::order {
namespace {

class LiveFeedTask final : public service::BackgroundTask {
 public:
  explicit LiveFeedTask(LiveFeed& feed) : feed_(feed) {}
  std::string Name() const override { return "live-status-feed"; }
  void Run() override { feed_.Run(); }
  void Stop() override { feed_.Stop(); }

 private:
  LiveFeed& feed_;
};

}  // namespace

LiveFeed& LiveFeedOf(service::ServiceContext& context) {
  if (LiveFeed* kept = context.objects.Find<LiveFeed>()) {
    return *kept;
  }
  return context.objects.Emplace<LiveFeed>(context.pool, context.metrics);
}

http::WebSocketSettings LiveSocketSettings(const config::EnvConfig& env) {
  const std::chrono::milliseconds idle =
      env.Duration("SHOP_LIVE_IDLE_TIMEOUT", std::chrono::seconds(60));
  if (idle < std::chrono::seconds(1)) {
    throw config::ConfigError("SHOP_LIVE_IDLE_TIMEOUT must be at least 1s");
  }
  return {.idle_timeout = idle, .read_message_max = 4096};
}

std::vector<std::unique_ptr<service::BackgroundTask>> MakeLiveStatusTasks(
    service::ServiceContext& context) {
  LiveFeed& feed = LiveFeedOf(context);
  std::vector<std::unique_ptr<service::BackgroundTask>> tasks;
  tasks.push_back(std::make_unique<LiveFeedTask>(feed));
  tasks.push_back(service::MakeNotificationListener(
      {.name = "live-status-listener",
       .database_url = context.database_url,
       .channel = kOrderTimelineChannel,
       .on_notification = [&feed](const std::string& user_id) { feed.NewRowsFor(user_id); },
       .on_connected = [&feed] { feed.NewRowsForEveryone(); },
       .failure_event = "live_status_listener_failed"}));
  return tasks;
}

}  // namespace shop::order
