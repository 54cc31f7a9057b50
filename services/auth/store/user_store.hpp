#pragma once
// SQL of the users table. Statements are prepared once per pooled connection (UserStatements()).

#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "auth/domain/user.hpp"
#include "platform/db/pool.hpp"

namespace shop::auth_service {

struct StoredUser {
  User user;
  std::string password_hash;
};

struct NewUser {
  std::string email;  // normalised
  std::optional<std::string> name;
  std::string role;
  std::string password_hash;
  bool verified = false;
};

const std::vector<db::PreparedStatement>& UserStatements();

// Throws pqxx::unique_violation when the email is taken.
User InsertUser(pqxx::work& txn, const NewUser& user);
std::optional<StoredUser> FindUserByEmail(pqxx::work& txn, const std::string& email);
std::optional<User> FindUser(pqxx::work& txn, const std::string& id);
// The row locked FOR UPDATE until the transaction ends.
std::optional<User> LockUser(pqxx::work& txn, const std::string& id);
std::optional<User> LockUserByEmail(pqxx::work& txn, const std::string& email);
// Writes name, role and version of `next`.
User UpdateUser(pqxx::work& txn, const User& next);
void UpdatePasswordHash(pqxx::work& txn, const std::string& id, const std::string& hash);
// Sets verified (no version change: not a change of the state user.* events carry).
void MarkVerified(pqxx::work& txn, const std::string& id);
// False when there is no such user. Its refresh tokens go with it (ON DELETE CASCADE).
bool DeleteUser(pqxx::work& txn, const std::string& id);
bool AnyAdmin(pqxx::work& txn);

}  // namespace shop::auth_service
