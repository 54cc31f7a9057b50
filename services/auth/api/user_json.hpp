#pragma once
// A user in response bodies (schemas/openapi/auth.yaml) and in user.* events
// (events/catalog/user_events.hpp): two representations, so renaming an API field never changes an
// event. Neither carries the password hash.

#include <nlohmann/json.hpp>

#include "auth/domain/user.hpp"
#include "events/catalog/user_events.hpp"

namespace shop::auth_service {

nlohmann::json ToJson(const User& user);

// The user as its events carry it, with its version after the change.
events::UserState EventState(const User& user);

}  // namespace shop::auth_service
