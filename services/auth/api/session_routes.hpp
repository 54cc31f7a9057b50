#pragma once
// Accounts and sessions of auth-service:
//   POST /auth/register  {email, password, name?} -> 201 {id, email, name, role, version}
//                        | 409 email taken | 422 invalid field
//   POST /auth/login     {email, password} -> 200 {access_token, token_type: "Bearer",
//                        expires_in, refresh_token} | 401 (the same for an unknown email and a
//                        wrong password)
//   POST /auth/refresh   {refresh_token} -> 200 as login, the token rotated | 401 (unknown,
//                        expired, revoked; a reused token also revokes its whole family)
//   POST /auth/logout    {refresh_token} -> 204 (the token's family is revoked; unknown: 204)
//   GET  /auth/.well-known/jwks.json -> 200 the public keys
// Password hashing that finds no free slot answers 503 with Retry-After.

#include "auth/security/password_hasher.hpp"
#include "auth/security/token_issuer.hpp"
#include "platform/http/router.hpp"
#include "platform/service/service_main.hpp"

namespace shop::auth_service {

// `hasher` and `issuer` must outlive the router.
void AddSessionRoutes(http::Router& router, service::ServiceContext& context,
                      PasswordHasher& hasher, const TokenIssuer& issuer);

}  // namespace shop::auth_service
