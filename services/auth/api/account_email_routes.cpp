#include "auth/api/account_email_routes.hpp"

#include <nlohmann/json.hpp>

#include "auth/api/hashing_step.hpp"
#include "auth/domain/user_rules.hpp"
#include "auth/security/opaque_token.hpp"
#include "auth/store/account_token_store.hpp"
#include "auth/store/refresh_token_store.hpp"
#include "auth/store/user_store.hpp"
#include "platform/http/json_body.hpp"
#include "platform/http/problem.hpp"
#include "platform/logging/log.hpp"
#include "platform/text/uuid.hpp"

namespace shop::auth_service {
namespace {

// One answer for an unknown, a used and an expired token: which one it was helps only someone
// guessing tokens.
http::HttpError BadToken() {
  return http::BadRequest(
      "the link is not valid: it may have expired or been used already; "
      "ask for a new one");
}

http::Response Accepted(std::string_view message) {
  return http::JsonResponse(202, nlohmann::json{{"message", message}}.dump());
}

struct Routes {
  db::ConnectionPool& pool;
  PasswordHasher& hasher;
  const AccountEmails& emails;
  auth::Authenticator& authenticator;

  http::Response VerifyEmail(http::Request& request) const {
    const http::JsonBody body(request);
    const std::string hash = HashOpaqueToken(body.RequiredString("token"));
    const std::string user_id = pool.WithTransaction([&](pqxx::work& txn) {
      const std::optional<std::string> owner =
          UseAccountToken(txn, hash, TokenPurpose::kVerifyEmail);
      if (!owner) {
        throw BadToken();
      }
      MarkVerified(txn, *owner);
      return *owner;
    });
    logging::Info("email_verified", {{"user_id", user_id}, {"request_id", request.request_id}});
    return http::EmptyResponse(204);
  }

  http::Response ResendVerification(http::Request& request) const {
    const auth::Principal caller = authenticator.Authenticate(request);
    const NewOpaqueToken token = MakeOpaqueToken();
    pool.WithTransaction([&](pqxx::work& txn) {
      const std::optional<User> user =
          text::IsUuid(caller.user_id) ? LockUser(txn, caller.user_id) : std::nullopt;
      if (!user) {
        throw http::Unauthorized("the account of this token no longer exists");
      }
      if (user->verified) {
        throw http::Conflict("the email address of this account is verified already");
      }
      emails.Send(txn, *user, TokenPurpose::kVerifyEmail, token, request.traceparent);
    });
    logging::Info("verification_resent",
                  {{"user_id", caller.user_id}, {"request_id", request.request_id}});
    return Accepted("a verification e-mail is on its way; earlier links no longer work");
  }

  http::Response RequestPasswordReset(http::Request& request) const {
    const http::JsonBody body(request);
    const std::string email = NormaliseEmail(body.RequiredString("email"));
    if (const auto violation = EmailViolation(email)) {
      throw FieldError("email", *violation);
    }
    // Made and hashed whatever the address, and every request writes and commits its row in
    // password_reset_requests: an unknown address costs the same work up to the token row and
    // event a known one adds, so neither the answer nor its time class says whether the account
    // exists. docs/performance.md has the medians of both.
    const NewOpaqueToken token = MakeOpaqueToken();
    const std::string address_hash = HashOpaqueToken(email);
    const bool sent = pool.WithTransaction([&](pqxx::work& txn) {
      const int recent = RecordPasswordResetRequest(txn, address_hash);
      const std::optional<User> user = LockUserByEmail(txn, email);
      if (!user || !MaySendResetMail(recent, emails.reset_mails_per_hour())) {
        return false;
      }
      emails.Send(txn, *user, TokenPurpose::kPasswordReset, token, request.traceparent);
      return true;
    });
    if (!sent) {
      // Either no account or a capped address: one log line that does not say which.
      logging::Info("password_reset_not_sent", {{"request_id", request.request_id}});
    }
    return Accepted(
        "if an account has this address, an e-mail with a password reset link is on its way");
  }

  http::Response ConfirmPasswordReset(http::Request& request) const {
    const http::JsonBody body(request);
    const std::string token_hash = HashOpaqueToken(body.RequiredString("token"));
    const std::string password = body.RequiredString("password");
    if (const auto violation = PasswordViolation(password)) {
      throw FieldError("password", *violation);
    }
    // A bad token is refused before a password hash (~0.1 s, 64 MiB) is spent on it.
    if (!pool.WithTransaction([&](pqxx::work& txn) {
          return AccountTokenUsable(txn, token_hash, TokenPurpose::kPasswordReset);
        })) {
      throw BadToken();
    }
    const std::string password_hash = Hashing([&] { return hasher.Hash(password); });
    const std::string user_id = pool.WithTransaction([&](pqxx::work& txn) {
      // Used meanwhile (a second confirm of the same link): the first one won.
      const std::optional<std::string> owner =
          UseAccountToken(txn, token_hash, TokenPurpose::kPasswordReset);
      if (!owner) {
        throw BadToken();
      }
      UpdatePasswordHash(txn, *owner, password_hash);
      RevokeUserRefreshTokens(txn, *owner);
      MarkVerified(txn, *owner);  // the link reached the mailbox: the address is proved
      return *owner;
    });
    logging::Info("password_reset", {{"user_id", user_id}, {"request_id", request.request_id}});
    return http::EmptyResponse(204);
  }
};

}  // namespace

void AddAccountEmailRoutes(http::Router& router, service::ServiceContext& context,
                           PasswordHasher& hasher, const AccountEmails& emails,
                           auth::Authenticator& authenticator) {
  auto routes = std::make_shared<const Routes>(Routes{
      .pool = context.pool, .hasher = hasher, .emails = emails, .authenticator = authenticator});
  router.Add(http::Method::kPost, "/auth/verify-email",
             [routes](http::Request& r) { return routes->VerifyEmail(r); });
  router.Add(http::Method::kPost, "/auth/verify-email/resend",
             [routes](http::Request& r) { return routes->ResendVerification(r); });
  router.Add(http::Method::kPost, "/auth/password-reset/request",
             [routes](http::Request& r) { return routes->RequestPasswordReset(r); });
  router.Add(http::Method::kPost, "/auth/password-reset/confirm",
             [routes](http::Request& r) { return routes->ConfirmPasswordReset(r); });
}

}  // namespace shop::auth_service
