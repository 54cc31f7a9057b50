#include "auth/store/refresh_token_store.hpp"

namespace shop::auth_service {

const std::vector<db::PreparedStatement>& RefreshTokenStatements() {
  static const std::vector<db::PreparedStatement> statements = {
      {"refresh_insert",
       "INSERT INTO refresh_tokens (family_id, user_id, token_hash, expires_at) "
       "VALUES (COALESCE(NULLIF($2, '')::uuid, gen_random_uuid()), $1::uuid, $3, "
       "now() + make_interval(secs => $4))"},
      {"refresh_lock",
       "SELECT id::text, family_id::text, user_id::text, expires_at <= now(), "
       "used_at IS NOT NULL, revoked_at IS NOT NULL FROM refresh_tokens WHERE token_hash = $1 "
       "FOR UPDATE"},
      {"refresh_mark_used", "UPDATE refresh_tokens SET used_at = now() WHERE id = $1::uuid"},
      {"refresh_revoke_family",
       "UPDATE refresh_tokens SET revoked_at = now() "
       "WHERE family_id = $1::uuid AND revoked_at IS NULL"},
      {"refresh_revoke_user",
       "UPDATE refresh_tokens SET revoked_at = now() "
       "WHERE user_id = $1::uuid AND revoked_at IS NULL"},
  };
  return statements;
}

void InsertRefreshToken(pqxx::work& txn, const std::string& user_id, const std::string& family_id,
                        const std::string& token_hash, std::chrono::seconds ttl) {
  txn.exec_prepared("refresh_insert", user_id, family_id, token_hash,
                    static_cast<double>(ttl.count()));
}

std::optional<StoredRefreshToken> LockRefreshToken(pqxx::work& txn, const std::string& token_hash) {
  const pqxx::result r = txn.exec_prepared("refresh_lock", token_hash);
  if (r.empty()) {
    return std::nullopt;
  }
  return StoredRefreshToken{.id = r[0][0].as<std::string>(),
                            .family_id = r[0][1].as<std::string>(),
                            .user_id = r[0][2].as<std::string>(),
                            .state = {.expired = r[0][3].as<bool>(),
                                      .used = r[0][4].as<bool>(),
                                      .revoked = r[0][5].as<bool>()}};
}

void MarkRefreshTokenUsed(pqxx::work& txn, const std::string& id) {
  txn.exec_prepared("refresh_mark_used", id);
}

void RevokeFamily(pqxx::work& txn, const std::string& family_id) {
  txn.exec_prepared("refresh_revoke_family", family_id);
}

void RevokeUserRefreshTokens(pqxx::work& txn, const std::string& user_id) {
  txn.exec_prepared("refresh_revoke_user", user_id);
}

}  // namespace shop::auth_service
