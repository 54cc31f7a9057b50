#pragma once
// HTTP surface of category-service:
//   POST   /api/categories              {name, parent_id?} -> 201 + Location
//   GET    /api/categories[?tree=true]  -> 200 {items: [...]} (nested with children when tree)
//   GET    /api/categories/{id}         -> 200 | 404
//   PATCH  /api/categories/{id}         {name?, parent_id? (null: to the root)} -> 200 | 404 |
//                                       409 sibling name taken | 422 unknown parent or cycle
//   DELETE /api/categories/{id}         -> 204 | 404 | 409 when it has children
// Writes need an admin's access token: 401 without a valid one, 403 for other roles. Reads are
// public.

#include "platform/auth/bearer_auth.hpp"
#include "platform/http/router.hpp"
#include "platform/service/service_main.hpp"

namespace shop::category {

// `authenticator` must outlive the router.
void AddCategoryRoutes(http::Router& router, service::ServiceContext& context,
                       const auth::Authenticator& authenticator);

}  // namespace shop::category
