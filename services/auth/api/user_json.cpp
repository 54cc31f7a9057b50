#include "auth/api/user_json.hpp"

namespace shop::auth_service {

nlohmann::json ToJson(const User& user) {
  return {{"id", user.id},
          {"email", user.email},
          {"name", user.name ? nlohmann::json(*user.name) : nlohmann::json()},
          {"role", user.role},
          {"version", user.version},
          {"verified", user.verified}};
}

events::UserState EventState(const User& user) {
  return {.id = user.id,
          .email = user.email,
          .name = user.name,
          .role = user.role,
          .version = user.version};
}

}  // namespace shop::auth_service
