#pragma once
// Every named statement of notification-service, prepared on each pool connection.

#include <vector>

#include "platform/db/pool.hpp"

namespace shop::notification {

const std::vector<db::PreparedStatement>& NotificationStatements();

}  // namespace shop::notification
