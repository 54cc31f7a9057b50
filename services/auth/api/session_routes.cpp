#include "auth/api/session_routes.hpp"

#include <variant>

#include "auth/api/account_emails.hpp"
#include "auth/api/hashing_step.hpp"
#include "auth/api/user_json.hpp"
#include "auth/domain/refresh_rules.hpp"
#include "auth/domain/user_rules.hpp"
#include "auth/security/opaque_token.hpp"
#include "auth/store/refresh_token_store.hpp"
#include "auth/store/user_store.hpp"
#include "events/outbox_writer.hpp"
#include "platform/http/json_body.hpp"
#include "platform/http/problem.hpp"
#include "platform/logging/log.hpp"

namespace shop::auth_service {
namespace {

constexpr std::chrono::seconds kRefreshTtl{7 * 24 * 3600};

http::HttpError BadCredentials() { return http::Unauthorized("wrong email or password"); }
http::HttpError BadRefreshToken() {
  return http::Unauthorized("the refresh token is not valid; log in again");
}

struct Routes {
  db::ConnectionPool& pool;
  PasswordHasher& hasher;
  const TokenIssuer& issuer;
  const AccountEmails& emails;
  events::Outbox outbox{"auth"};

  // A fresh family, or the next token of `family_id`, plus an access token for `user`.
  http::Response Tokens(pqxx::work& txn, const User& user, const std::string& family_id) const {
    const NewOpaqueToken refresh = MakeOpaqueToken();
    InsertRefreshToken(txn, user.id, family_id, refresh.hash, kRefreshTtl);
    const IssuedAccessToken access = issuer.Issue(user);
    http::Response response =
        http::JsonResponse(200, nlohmann::json{{"access_token", access.token},
                                               {"token_type", "Bearer"},
                                               {"expires_in", access.expires_in.count()},
                                               {"refresh_token", refresh.token}}
                                    .dump());
    response.headers.Set("Cache-Control", "no-store");
    return response;
  }

  http::Response Register(http::Request& request) const {
    const http::JsonBody body(request);
    const std::string email = NormaliseEmail(body.RequiredString("email"));
    if (const auto violation = EmailViolation(email)) {
      throw FieldError("email", *violation);
    }
    const std::string password = body.RequiredString("password");
    if (const auto violation = PasswordViolation(password)) {
      throw FieldError("password", *violation);
    }
    std::optional<std::string> name;
    if (!body.IsNull("name")) {
      if (const auto raw = body.OptionalString("name")) {
        name = TrimName(*raw);
        if (const auto violation = NameViolation(*name)) {
          throw FieldError("name", *violation);
        }
      }
    }
    // Hashing takes ~0.1 s and 64 MiB: outside the transaction, no connection held meanwhile.
    const std::string hash = Hashing([&] { return hasher.Hash(password); });
    const NewOpaqueToken verification = MakeOpaqueToken();
    const User user = pool.WithTransaction([&](pqxx::work& txn) {
      try {
        User created = InsertUser(
            txn, {.email = email, .name = name, .role = "customer", .password_hash = hash});
        outbox.Append(txn, events::UserCreated{EventState(created)}, request.traceparent);
        emails.Send(txn, created, TokenPurpose::kVerifyEmail, verification, request.traceparent);
        return created;
      } catch (const pqxx::unique_violation&) {
        throw http::Conflict("an account with this email exists");
      }
    });
    logging::Info("user_registered", {{"user_id", user.id}, {"request_id", request.request_id}});
    return http::JsonResponse(201, ToJson(user).dump());
  }

  http::Response Login(http::Request& request) const {
    const http::JsonBody body(request);
    const std::string email = NormaliseEmail(body.RequiredString("email"));
    const std::string password = body.RequiredString("password");
    if (password.size() > kMaxPasswordLength) {
      throw BadCredentials();  // never hash unbounded input
    }
    const std::optional<StoredUser> stored =
        pool.WithTransaction([&](pqxx::work& txn) { return FindUserByEmail(txn, email); });
    if (!stored) {
      Hashing([&] { hasher.VerifyDummy(password); });  // as slow as a wrong password
      throw BadCredentials();
    }
    const PasswordCheck check =
        Hashing([&] { return hasher.Verify(stored->password_hash, password); });
    if (!check.matches) {
      logging::Info("login_failed",
                    {{"user_id", stored->user.id}, {"request_id", request.request_id}});
      throw BadCredentials();
    }
    std::optional<std::string> new_hash;
    if (check.needs_rehash) {
      new_hash = Hashing([&] { return hasher.Hash(password); });
    }
    return pool.WithTransaction([&](pqxx::work& txn) {
      if (new_hash) {
        UpdatePasswordHash(txn, stored->user.id, *new_hash);
        logging::Info("password_rehashed", {{"user_id", stored->user.id}});
      }
      return Tokens(txn, stored->user, "");
    });
  }

  http::Response Refresh(http::Request& request) const {
    const http::JsonBody body(request);
    const std::string hash = HashOpaqueToken(body.RequiredString("refresh_token"));
    // The revocation of a reused token's family must commit, so the transaction returns the
    // verdict and the 401 is thrown after it.
    std::variant<http::Response, RefreshVerdict> outcome =
        pool.WithTransaction([&](pqxx::work& txn) -> std::variant<http::Response, RefreshVerdict> {
          const std::optional<StoredRefreshToken> token = LockRefreshToken(txn, hash);
          if (!token) {
            return RefreshVerdict::kRejected;
          }
          const RefreshVerdict verdict = DecideRefresh(token->state);
          if (verdict == RefreshVerdict::kReuseDetected) {
            RevokeFamily(txn, token->family_id);
            logging::Warn("refresh_token_reused", {{"user_id", token->user_id},
                                                   {"family_id", token->family_id},
                                                   {"request_id", request.request_id}});
          }
          if (verdict != RefreshVerdict::kRotate) {
            return verdict;
          }
          const std::optional<User> user = FindUser(txn, token->user_id);
          if (!user) {
            return RefreshVerdict::kRejected;
          }
          MarkRefreshTokenUsed(txn, token->id);
          return Tokens(txn, *user, token->family_id);
        });
    if (auto* response = std::get_if<http::Response>(&outcome)) {
      return std::move(*response);
    }
    throw BadRefreshToken();
  }

  http::Response Logout(http::Request& request) const {
    const http::JsonBody body(request);
    const std::string hash = HashOpaqueToken(body.RequiredString("refresh_token"));
    pool.WithTransaction([&](pqxx::work& txn) {
      if (const auto token = LockRefreshToken(txn, hash)) {
        RevokeFamily(txn, token->family_id);
      }
    });
    return http::EmptyResponse(204);
  }

  http::Response Jwks(http::Request&) const {
    http::Response response = http::JsonResponse(200, issuer.JwksDocument());
    response.headers.Set("Cache-Control", "public, max-age=300");
    return response;
  }
};

}  // namespace

void AddSessionRoutes(http::Router& router, service::ServiceContext& context,
                      PasswordHasher& hasher, const TokenIssuer& issuer,
                      const AccountEmails& emails) {
  auto routes = std::make_shared<const Routes>(
      Routes{.pool = context.pool, .hasher = hasher, .issuer = issuer, .emails = emails});
  router.Add(http::Method::kPost, "/auth/register",
             [routes](http::Request& r) { return routes->Register(r); });
  router.Add(http::Method::kPost, "/auth/login",
             [routes](http::Request& r) { return routes->Login(r); });
  router.Add(http::Method::kPost, "/auth/refresh",
             [routes](http::Request& r) { return routes->Refresh(r); });
  router.Add(http::Method::kPost, "/auth/logout",
             [routes](http::Request& r) { return routes->Logout(r); });
  router.Add(http::Method::kGet, "/auth/.well-known/jwks.json",
             [routes](http::Request& r) { return routes->Jwks(r); });
}

}  // namespace shop::auth_service
