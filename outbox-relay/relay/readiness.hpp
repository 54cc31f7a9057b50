#pragma once
// GET /ready of the relay: 200 while every source database has an open session (active or hot
// standby), else 503 naming the databases without one. A standby is ready: it is the spare that
// takes over, and Kubernetes must not restart or drain it for holding no lock.

#include <string>
#include <utility>
#include <vector>

#include "platform/http/message.hpp"

namespace shop::relay {

// (database label, connected) per source database, in configuration order.
using SessionStates = std::vector<std::pair<std::string, bool>>;

http::Response ReadinessResponse(const SessionStates& states);

}  // namespace shop::relay
