#pragma once
// Who may change which user, and how a PATCH applies. Pure: the routes load the user and the
// caller's verified identity, ask here, and answer 403 with the reason on a refusal.
//
//   PATCH /auth/users/{id}: the user may change their own name; an admin may change anyone's
//   role, and their own name. An admin may not change their own role (so the last admin cannot
//   lock everyone out by accident; decision 0008).
//   DELETE /auth/users/{id}: the user themself, or an admin.

#include <optional>
#include <string>

#include "auth/domain/user.hpp"

namespace shop::auth_service {

// The caller, as the verified access token says.
struct Actor {
  std::string user_id;
  std::string role;
};

struct UserEdit {
  std::optional<std::string> name;  // trimmed and valid
  std::optional<std::string> role;  // a valid role
};

// Why `actor` may not apply `edit` to the user `target_id`, or nullopt when allowed.
std::optional<std::string> EditRefusal(const Actor& actor, const std::string& target_id,
                                       const UserEdit& edit);
std::optional<std::string> DeleteRefusal(const Actor& actor, const std::string& target_id);

// The user after `edit`, version + 1, or nullopt when it changes nothing.
std::optional<User> ApplyEdit(const User& current, const UserEdit& edit);

}  // namespace shop::auth_service
