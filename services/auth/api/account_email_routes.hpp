#pragma once
// Account e-mails of auth-service (docs/decisions/0034): e-mail verification and password reset.
// Tokens are single use and expire (domain/account_token.hpp); the e-mails themselves are sent by
// notification-service from the events api/account_emails.hpp writes.
//   POST /auth/verify-email           {token} -> 204, the account is verified | 400 the token is
//                                     unknown, used or expired (one answer for the three)
//   POST /auth/verify-email/resend    (access token) -> 202 a new link is on its way; the older
//                                     one stops working | 401 | 409 already verified
//   POST /auth/password-reset/request {email} -> 202 with one body whether or not an account has
//                                     the address, after the same work (a token is made and
//                                     hashed either way; only a known address gets it stored and
//                                     e-mailed) | 422 not an email address
//   POST /auth/password-reset/confirm {token, password} -> 204: the new password is set, the token
//                                     used, every refresh token of the account revoked and the
//                                     account verified, in one transaction; access tokens already
//                                     issued live out their expiry (15 min) | 400 the token (as
//                                     above) | 422 the password breaks the registration rules
//                                     (the token stays usable)
// Password hashing that finds no free slot answers 503 with Retry-After. The gateway lets all but
// resend through without an access token and limits them in its `auth` class.

#include "auth/api/account_emails.hpp"
#include "auth/security/password_hasher.hpp"
#include "platform/auth/bearer_auth.hpp"
#include "platform/http/router.hpp"
#include "platform/service/service_main.hpp"

namespace shop::auth_service {

// `hasher`, `emails` and `authenticator` must outlive the router.
void AddAccountEmailRoutes(http::Router& router, service::ServiceContext& context,
                           PasswordHasher& hasher, const AccountEmails& emails,
                           auth::Authenticator& authenticator);

}  // namespace shop::auth_service
