#include "relay/readiness.hpp"

#include <nlohmann/json.hpp>

#include "platform/http/problem.hpp"

namespace shop::relay {

http::Response ReadinessResponse(const SessionStates& states) {
  nlohmann::json checks = nlohmann::json::object();
  std::string missing;
  for (const auto& [label, connected] : states) {
    checks[label] = connected ? "connected" : "disconnected";
    if (!connected) {
      missing += (missing.empty() ? "" : ", ") + label;
    }
  }
  if (!missing.empty()) {
    return http::ToResponse(http::Problem{.status = 503,
                                          .type = "urn:shop:problem:not-ready",
                                          .title = "Service not ready",
                                          .detail = "no database session: " + missing,
                                          .extensions = {{"checks", checks}},
                                          .retry_after_seconds = 1});
  }
  return http::JsonResponse(200, nlohmann::json{{"status", "ready"}, {"checks", checks}}.dump());
}

}  // namespace shop::relay
