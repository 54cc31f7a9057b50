#pragma once
// Live order status (docs/decisions/0034), wired into order-service: the instance's LiveFeed
// (kept in ServiceContext::objects), its background tasks and its settings.
//
// Tasks (SHOP_DISABLED_TASKS names them):
//   live-status-feed      LiveFeed::Run: reads the sockets' messages from order_timeline;
//   live-status-listener  LISTEN order_timeline (migrations/V005) on a connection of its own;
//                         each notification (payload: a user id) asks the feed for that user's new
//                         rows; after each (re)connection, for every socket's (notifications sent
//                         while it was away are lost).
// Without the listener, sockets get their backlog and nothing live; without the feed, nothing.
//
// Settings: SHOP_LIVE_IDLE_TIMEOUT (default 60s): a socket whose client sends nothing (not even a
// pong to the ping sent after half of it) is closed.

#include <memory>
#include <vector>

#include "order/live/live_feed.hpp"
#include "platform/http/websocket_accept.hpp"
#include "platform/service/background_task.hpp"
#include "platform/service/service_main.hpp"

namespace shop::order {

inline constexpr const char* kOrderTimelineChannel = "order_timeline";

LiveFeed& LiveFeedOf(service::ServiceContext& context);

// Throws config::ConfigError on a bad SHOP_LIVE_IDLE_TIMEOUT.
http::WebSocketSettings LiveSocketSettings(const config::EnvConfig& env);

std::vector<std::unique_ptr<service::BackgroundTask>> MakeLiveStatusTasks(
    service::ServiceContext& context);

}  // namespace shop::order
