#include "auth/domain/user_edit.hpp"

namespace shop::auth_service {

std::optional<std::string> EditRefusal(const Actor& actor, const std::string& target_id,
                                       const UserEdit& edit) {
  const bool self = actor.user_id == target_id;
  const bool admin = actor.role == "admin";
  if (edit.name && !self) {
    return "only the user may change their name";
  }
  if (edit.role && !admin) {
    return "only an admin may change a role";
  }
  if (edit.role && self) {
    return "an admin may not change their own role";
  }
  if (!edit.name && !edit.role && !self && !admin) {
    return "you may change only your own account";
  }
  return std::nullopt;
}

std::optional<std::string> DeleteRefusal(const Actor& actor, const std::string& target_id) {
  if (actor.user_id == target_id || actor.role == "admin") {
    return std::nullopt;
  }
  return "you may delete only your own account";
}

std::optional<User> ApplyEdit(const User& current, const UserEdit& edit) {
  User next = current;
  if (edit.name) {
    next.name = *edit.name;
  }
  if (edit.role) {
    next.role = *edit.role;
  }
  if (next.name == current.name && next.role == current.role) {
    return std::nullopt;
  }
  ++next.version;
  return next;
}

}  // namespace shop::auth_service
