#include "auth/api/admin_seed.hpp"

#include "auth/api/user_json.hpp"
#include "auth/domain/user_rules.hpp"
#include "auth/store/user_store.hpp"
#include "events/outbox_writer.hpp"
#include "platform/logging/log.hpp"

namespace shop::auth_service {

void SeedFirstAdmin(const config::EnvConfig& env, db::ConnectionPool& pool,
                    PasswordHasher& hasher) {
  const std::string raw_email = env.String("SHOP_ADMIN_EMAIL", "");
  const std::string password = env.String("SHOP_ADMIN_PASSWORD", "");
  if (raw_email.empty() && password.empty()) {
    return;
  }
  if (raw_email.empty() || password.empty()) {
    throw config::ConfigError("SHOP_ADMIN_EMAIL and SHOP_ADMIN_PASSWORD must be set together");
  }
  const std::string email = NormaliseEmail(raw_email);
  if (const auto violation = EmailViolation(email)) {
    throw config::ConfigError("SHOP_ADMIN_EMAIL " + *violation);
  }
  if (const auto violation = PasswordViolation(password)) {
    throw config::ConfigError("SHOP_ADMIN_PASSWORD " + *violation);
  }
  const bool exists = pool.WithTransaction(
      [&](pqxx::work& txn) { return FindUserByEmail(txn, email).has_value(); });
  if (exists) {
    return;
  }
  const std::string hash = hasher.Hash(password);
  const events::Outbox outbox("auth");
  pool.WithTransaction([&](pqxx::work& txn) {
    try {
      // The operator configured this address: verified, no verification e-mail.
      const User admin = InsertUser(txn, {.email = email,
                                          .name = "Administrator",
                                          .role = "admin",
                                          .password_hash = hash,
                                          .verified = true});
      outbox.Append(txn, events::UserCreated{EventState(admin)});
      logging::Info("first_admin_created", {{"user_id", admin.id}});
    } catch (const pqxx::unique_violation&) {
      // Another instance created it at the same moment.
    }
  });
}

}  // namespace shop::auth_service
