#pragma once
// The first admin: when SHOP_ADMIN_EMAIL and SHOP_ADMIN_PASSWORD are set, start-up creates that
// account with role admin unless an account with that email exists (created once; a later change
// of the variables does not touch it). Both or neither must be set.

#include "auth/security/password_hasher.hpp"
#include "platform/config/env_config.hpp"
#include "platform/db/pool.hpp"

namespace shop::auth_service {

// Throws config::ConfigError for a bad email or password (naming the variable).
void SeedFirstAdmin(const config::EnvConfig& env, db::ConnectionPool& pool, PasswordHasher& hasher);

}  // namespace shop::auth_service
