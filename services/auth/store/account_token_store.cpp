#include "auth/store/account_token_store.hpp"

#include "platform/text/rfc3339.hpp"

namespace shop::auth_service {

const std::vector<db::PreparedStatement>& AccountTokenStatements() {
  static const std::vector<db::PreparedStatement> statements = {
      {"account_token_drop_unused",
       "DELETE FROM account_tokens WHERE user_id = $1::uuid AND purpose = $2 AND used_at IS NULL"},
      {"account_token_insert",
       "INSERT INTO account_tokens (token_hash, purpose, user_id, expires_at) "
       "VALUES ($1, $2, $3::uuid, $4::timestamptz)"},
      {"account_token_use",
       "UPDATE account_tokens SET used_at = now() WHERE token_hash = $1 AND purpose = $2 "
       "AND used_at IS NULL AND expires_at > now() RETURNING user_id::text"},
      {"account_token_usable",
       "SELECT EXISTS (SELECT 1 FROM account_tokens WHERE token_hash = $1 AND purpose = $2 "
       "AND used_at IS NULL AND expires_at > now())"},
      // The CTEs' changes are not visible to the count: + 1 is the row inserted now.
      {"password_reset_request_record",
       "WITH pruned AS (DELETE FROM password_reset_requests WHERE ctid IN ("
       "SELECT ctid FROM password_reset_requests "
       "WHERE requested_at < now() - interval '1 hour' LIMIT 16)), "
       "inserted AS (INSERT INTO password_reset_requests (address_hash) VALUES ($1)) "
       "SELECT count(*)::int + 1 FROM password_reset_requests "
       "WHERE address_hash = $1 AND requested_at > now() - interval '1 hour'"},
  };
  return statements;
}

void ReplaceAccountToken(pqxx::work& txn, const std::string& user_id, TokenPurpose purpose,
                         const std::string& token_hash,
                         std::chrono::system_clock::time_point expires_at) {
  const std::string name(PurposeName(purpose));
  txn.exec_prepared("account_token_drop_unused", user_id, name);
  txn.exec_prepared("account_token_insert", token_hash, name, user_id,
                    text::FormatRfc3339Utc(expires_at));
}

std::optional<std::string> UseAccountToken(pqxx::work& txn, const std::string& token_hash,
                                           TokenPurpose purpose) {
  const pqxx::result r =
      txn.exec_prepared("account_token_use", token_hash, std::string(PurposeName(purpose)));
  if (r.empty()) {
    return std::nullopt;
  }
  return r[0][0].as<std::string>();
}

bool AccountTokenUsable(pqxx::work& txn, const std::string& token_hash, TokenPurpose purpose) {
  return txn
      .exec_prepared1("account_token_usable", token_hash, std::string(PurposeName(purpose)))[0]
      .as<bool>();
}

int RecordPasswordResetRequest(pqxx::work& txn, const std::string& address_hash) {
  return txn.exec_prepared1("password_reset_request_record", address_hash)[0].as<int>();
}

}  // namespace shop::auth_service
