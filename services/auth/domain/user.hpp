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
};

}  // namespace shop::auth_service
