#include "auth/store/user_store.hpp"

namespace shop::auth_service {
namespace {

constexpr const char* kColumns = "id::text, email, name, role, version, verified";

User ReadUser(const pqxx::row& r) {
  return User{.id = r[0].as<std::string>(),
              .email = r[1].as<std::string>(),
              .name = r[2].is_null() ? std::nullopt : std::optional(r[2].as<std::string>()),
              .role = r[3].as<std::string>(),
              .version = r[4].as<long long>(),
              .verified = r[5].as<bool>()};
}

std::optional<User> OneUser(const pqxx::result& r) {
  if (r.empty()) {
    return std::nullopt;
  }
  return ReadUser(r[0]);
}

}  // namespace

const std::vector<db::PreparedStatement>& UserStatements() {
  static const std::vector<db::PreparedStatement> statements = {
      {"user_insert", std::string("INSERT INTO users (email, name, role, password_hash, verified) "
                                  "VALUES ($1, $2, $3, $4, $5) RETURNING ") +
                          kColumns},
      {"user_find_by_email",
       std::string("SELECT ") + kColumns + ", password_hash FROM users WHERE email = $1"},
      {"user_find", std::string("SELECT ") + kColumns + " FROM users WHERE id = $1::uuid"},
      {"user_lock",
       std::string("SELECT ") + kColumns + " FROM users WHERE id = $1::uuid FOR UPDATE"},
      {"user_lock_by_email",
       std::string("SELECT ") + kColumns + " FROM users WHERE email = $1 FOR UPDATE"},
      {"user_update", std::string("UPDATE users SET name = $2, role = $3, version = $4, "
                                  "updated_at = now() WHERE id = $1::uuid RETURNING ") +
                          kColumns},
      {"user_update_password",
       "UPDATE users SET password_hash = $2, updated_at = now() WHERE id = $1::uuid"},
      {"user_mark_verified",
       "UPDATE users SET verified = true, updated_at = now() WHERE id = $1::uuid AND NOT verified"},
      {"user_delete", "DELETE FROM users WHERE id = $1::uuid"},
      {"user_any_admin", "SELECT EXISTS (SELECT 1 FROM users WHERE role = 'admin')"},
  };
  return statements;
}

User InsertUser(pqxx::work& txn, const NewUser& user) {
  return ReadUser(txn.exec_prepared1("user_insert", user.email, user.name, user.role,
                                     user.password_hash, user.verified));
}

std::optional<StoredUser> FindUserByEmail(pqxx::work& txn, const std::string& email) {
  const pqxx::result r = txn.exec_prepared("user_find_by_email", email);
  if (r.empty()) {
    return std::nullopt;
  }
  return StoredUser{.user = ReadUser(r[0]), .password_hash = r[0][6].as<std::string>()};
}

std::optional<User> FindUser(pqxx::work& txn, const std::string& id) {
  return OneUser(txn.exec_prepared("user_find", id));
}

std::optional<User> LockUser(pqxx::work& txn, const std::string& id) {
  return OneUser(txn.exec_prepared("user_lock", id));
}

std::optional<User> LockUserByEmail(pqxx::work& txn, const std::string& email) {
  return OneUser(txn.exec_prepared("user_lock_by_email", email));
}

User UpdateUser(pqxx::work& txn, const User& next) {
  return ReadUser(txn.exec_prepared1("user_update", next.id, next.name, next.role, next.version));
}

void UpdatePasswordHash(pqxx::work& txn, const std::string& id, const std::string& hash) {
  txn.exec_prepared("user_update_password", id, hash);
}

void MarkVerified(pqxx::work& txn, const std::string& id) {
  txn.exec_prepared("user_mark_verified", id);
}

bool DeleteUser(pqxx::work& txn, const std::string& id) {
  return txn.exec_prepared("user_delete", id).affected_rows() == 1;
}

bool AnyAdmin(pqxx::work& txn) { return txn.exec_prepared1("user_any_admin")[0].as<bool>(); }

}  // namespace shop::auth_service
