#include "auth/api/user_json.hpp"

namespace shop::auth_service {

nlohmann::json ToJson(const User& user) {
  return {{"id", user.id},
          {"email", user.email},
          {"name", user.name ? nlohmann::json(*user.name) : nlohmann::json()},
          {"role", user.role},
          {"version", user.version}};
}

void RecordUserEvent(pqxx::work& txn, const events::Outbox& outbox, const http::Request& request,
                     const std::string& type, const User& user) {
  events::OutboxEvent event{
      .type = type, .aggregate_id = user.id, .payload = ToJson(user).dump(), .traceparent = {}};
  if (!request.traceparent.empty()) {
    event.traceparent = request.traceparent;
  }
  outbox.Append(txn, event);
}

}  // namespace shop::auth_service
