#pragma once
// A user's own account, and administration of users (every route needs a valid access token):
//   GET    /auth/me          -> 200 {id, email, name, role, version, verified} | 401
//   PATCH  /auth/users/{id}  {name?, role?} -> 200 | 401 | 403 (domain/user_edit.hpp says who
//                            may change what) | 404 | 422
//   DELETE /auth/users/{id}  -> 204 (the user or an admin) | 401 | 403 | 404
// Changes write user.updated / user.deleted to the outbox in their transaction.

#include "platform/auth/bearer_auth.hpp"
#include "platform/http/router.hpp"
#include "platform/service/service_main.hpp"

namespace shop::auth_service {

// `authenticator` must outlive the router.
void AddUserRoutes(http::Router& router, service::ServiceContext& context,
                   auth::Authenticator& authenticator);

}  // namespace shop::auth_service
