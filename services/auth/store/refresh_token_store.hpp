#pragma once
// SQL of the refresh_tokens table (hashes only; security/opaque_token.hpp makes the tokens).

#include <chrono>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "auth/domain/refresh_rules.hpp"
#include "platform/db/pool.hpp"

namespace shop::auth_service {

struct StoredRefreshToken {
  std::string id;
  std::string family_id;
  std::string user_id;
  RefreshTokenState state;
};

const std::vector<db::PreparedStatement>& RefreshTokenStatements();

// Stores a token of `family_id` (empty: a new family) valid for `ttl`.
void InsertRefreshToken(pqxx::work& txn, const std::string& user_id, const std::string& family_id,
                        const std::string& token_hash, std::chrono::seconds ttl);
// The token with this hash, locked FOR UPDATE, or nullopt when none.
std::optional<StoredRefreshToken> LockRefreshToken(pqxx::work& txn, const std::string& token_hash);
void MarkRefreshTokenUsed(pqxx::work& txn, const std::string& id);
void RevokeFamily(pqxx::work& txn, const std::string& family_id);
// Every session of the user ends (a password reset): their refresh tokens are refused from now.
void RevokeUserRefreshTokens(pqxx::work& txn, const std::string& user_id);

}  // namespace shop::auth_service
