// auth-service: owns users, passwords and sessions; issues access tokens (JWT, ES256) and
// publishes its public keys. Routes: api/session_routes.hpp, api/user_routes.hpp.
#include "auth/api/admin_seed.hpp"
#include "auth/api/session_routes.hpp"
#include "auth/api/user_routes.hpp"
#include "auth/migrations.hpp"
#include "auth/store/refresh_token_store.hpp"
#include "auth/store/user_store.hpp"
#include "platform/auth/jwks_cache.hpp"
#include "platform/service/service_main.hpp"

namespace {

std::vector<shop::db::PreparedStatement> AllStatements() {
  std::vector<shop::db::PreparedStatement> statements = shop::auth_service::UserStatements();
  const auto& refresh = shop::auth_service::RefreshTokenStatements();
  statements.insert(statements.end(), refresh.begin(), refresh.end());
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
            // auth verifies its own tokens against its own key set: no HTTP round trip.
            context.objects.Emplace<shop::auth::Authenticator>(
                std::make_unique<shop::auth::JwksCache>(
                    [&issuer] { return issuer.JwksDocument(); }),
                shop::auth::VerifyOptions{.issuer = issuer.options().issuer,
                                          .audience = issuer.options().audience});
            SeedFirstAdmin(context.config, context.pool, hasher);
            AddSessionRoutes(router, context, hasher, issuer);
            AddUserRoutes(router, context, context.Authenticator());
          },
      .background_tasks = nullptr,  // auth-service consumes no events
  });
}
