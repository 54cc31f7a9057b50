#pragma once
// Accounts and sessions of auth-service:
//   POST /auth/register  {email, password, name?} -> 201 {id, email, name, role, version,
//                        verified: false} | 409 email taken | 422 invalid field; the same
//                        transaction writes user.created and user.verification_requested (the
//                        verification e-mail, api/account_emails.hpp)
//   POST /auth/login     {email, password} -> 200 {access_token, token_type: "Bearer",
//                        expires_in, refresh_token} | 401 (the same for an unknown email and a
//                        wrong password)
//   POST /auth/refresh   {refresh_token} -> 200 as login, the token rotated | 401 (unknown,
//                        expired, revoked; a reused token also revokes its whole family)
//   POST /auth/logout    {refresh_token} -> 204 (the token's family is revoked; unknown: 204)
//   GET  /auth/.well-known/jwks.json -> 200 the public keys
// Password hashing that finds no free slot answers 503 with Retry-After.

#include "auth/api/account_emails.hpp"
#include "auth/security/password_hasher.hpp"
#include "auth/security/token_issuer.hpp"
#include "platform/http/router.hpp"
#include "platform/service/service_main.hpp"

namespace shop::auth_service {

// `hasher`, `issuer` and `emails` must outlive the router.
void AddSessionRoutes(http::Router& router, service::ServiceContext& context,
                      PasswordHasher& hasher, const TokenIssuer& issuer,
                      const AccountEmails& emails);

}  // namespace shop::auth_service
