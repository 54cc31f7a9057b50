// auth-service: owns users, passwords and sessions; issues access tokens (JWT, ES256) and
// publishes its public keys; verification and password-reset e-mails go out through its outbox.
// Routes: api/session_routes.hpp, api/user_routes.hpp, api/account_email_routes.hpp.
#include "auth/api/account_email_routes.hpp"
#include "auth/api/admin_seed.hpp"
#include "auth/api/session_routes.hpp"
#include "auth/api/user_routes.hpp"
#include "auth/migrations.hpp"
#include "auth/store/account_token_store.hpp"
#include "auth/store/refresh_token_store.hpp"
#include "auth/store/user_store.hpp"
#include "platform/auth/jwks_cache.hpp"
#include "platform/service/service_main.hpp"

namespace {

std::vector<shop::db::PreparedStatement> AllStatements() {
  std::vector<shop::db::PreparedStatement> statements = shop::auth_service::UserStatements();
  for (const auto* more : {&shop::auth_service::RefreshTokenStatements(),
                           &shop::auth_service::AccountTokenStatements()}) {
    statements.insert(statements.end(), more->begin(), more->end());
  }
  return statements;
}

shop::auth_service::PasswordHashOptions HashOptions(const shop::config::EnvConfig& env) {
  shop::auth_service::PasswordHashOptions options;
  options.opslimit = static_cast<unsigned long long>(
      env.Int("SHOP_PASSWORD_OPSLIMIT", static_cast<std::int64_t>(options.opslimit),
              static_cast<std::int64_t>(shop::auth_service::kMinOpslimit), 10));
  options.memlimit = env.Bytes("SHOP_PASSWORD_MEMLIMIT", options.memlimit);
  if (options.memlimit < shop::auth_service::kMinMemlimit) {
    throw shop::config::ConfigError("SHOP_PASSWORD_MEMLIMIT must be at least 19MiB");
  }
  options.concurrency =
      static_cast<int>(env.Int("SHOP_PASSWORD_HASH_CONCURRENCY", options.concurrency, 1, 64));
  return options;
}

std::chrono::seconds TokenLifetime(const shop::config::EnvConfig& env, const std::string& name,
                                   std::chrono::seconds fallback) {
  const auto lifetime =
      std::chrono::duration_cast<std::chrono::seconds>(env.Duration(name, fallback));
  if (lifetime < shop::auth_service::kMinTokenLifetime ||
      lifetime > shop::auth_service::kMaxTokenLifetime) {
    throw shop::config::ConfigError(name + " must be between 1s and 24h");
  }
  return lifetime;
}

// SHOP_VERIFY_EMAIL_TOKEN_TTL (24h) and SHOP_PASSWORD_RESET_TOKEN_TTL (30m).
shop::auth_service::AccountTokenLifetimes TokenLifetimes(const shop::config::EnvConfig& env) {
  shop::auth_service::AccountTokenLifetimes lifetimes;
  lifetimes.verify_email =
      TokenLifetime(env, "SHOP_VERIFY_EMAIL_TOKEN_TTL", lifetimes.verify_email);
  lifetimes.password_reset =
      TokenLifetime(env, "SHOP_PASSWORD_RESET_TOKEN_TTL", lifetimes.password_reset);
  return lifetimes;
}

// SHOP_PASSWORD_RESET_MAILS_PER_HOUR (5): reset e-mails one address may be sent per hour.
int ResetMailsPerHour(const shop::config::EnvConfig& env) {
  return static_cast<int>(env.Int("SHOP_PASSWORD_RESET_MAILS_PER_HOUR",
                                  shop::auth_service::kDefaultResetMailsPerHour, 1, 1000));
}

}  // namespace

int main() {
  using namespace shop::auth_service;
  return shop::service::RunService({
      .name = "auth",
      .default_port = 8081,
      .migrations = Migrations(),
      .statements = AllStatements(),
      .add_routes =
          [](shop::http::Router& router, shop::service::ServiceContext& context) {
            auto& hasher = context.objects.Emplace<PasswordHasher>(HashOptions(context.config));
            auto& issuer =
                context.objects.Emplace<TokenIssuer>(TokenIssuer::FromEnv(context.config));
            const auto& emails = context.objects.Emplace<AccountEmails>(
                TokenLifetimes(context.config), ResetMailsPerHour(context.config));
            // auth verifies its own tokens against its own key set: no HTTP round trip.
            context.objects.Emplace<shop::auth::Authenticator>(
                std::make_unique<shop::auth::JwksCache>(
                    [&issuer] { return issuer.JwksDocument(); }),
                shop::auth::VerifyOptions{.issuer = issuer.options().issuer,
                                          .audience = issuer.options().audience});
            SeedFirstAdmin(context.config, context.pool, hasher);
            AddSessionRoutes(router, context, hasher, issuer, emails);
            AddUserRoutes(router, context, context.Authenticator());
            AddAccountEmailRoutes(router, context, hasher, emails, context.Authenticator());
          },
      .background_tasks = nullptr,  // auth-service consumes no events
  });
}
