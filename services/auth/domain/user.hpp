#pragma once
// A user as auth-service stores and shows it. The password hash never leaves the store layer.

#include <optional>
#include <string>

namespace shop::auth_service {

struct User {
  std::string id;
  std::string email;  // normalised: trimmed, lower-cased
  std::optional<std::string> name;
  std::string role;  // customer | seller | courier | admin
  long long version = 0;
  // The user proved they read mail at `email` (a verification or password-reset link). Auth's own
  // account state, like the password: not in user.* events, and no version change.
  bool verified = false;
};

}  // namespace shop::auth_service
