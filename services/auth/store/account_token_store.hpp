#pragma once
// SQL of the account_tokens table: the single-use tokens of account e-mails, stored as hashes only
// (domain/account_token.hpp says the rules, security/opaque_token.hpp makes the tokens).

#include <chrono>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "auth/domain/account_token.hpp"
#include "platform/db/pool.hpp"

namespace shop::auth_service {

const std::vector<db::PreparedStatement>& AccountTokenStatements();

// Deletes the user's unused tokens of `purpose` and stores `token_hash` in their place. The caller
// holds the user's row lock (LockUser), so two issues for one user do not both keep a token.
void ReplaceAccountToken(pqxx::work& txn, const std::string& user_id, TokenPurpose purpose,
                         const std::string& token_hash,
                         std::chrono::system_clock::time_point expires_at);

// Marks the token used if it is of `purpose`, unused and not expired, and returns its user; nullopt
// otherwise (unknown, used, expired or of the other purpose: the caller cannot tell which).
// Concurrent uses of one token: exactly one gets the user.
std::optional<std::string> UseAccountToken(pqxx::work& txn, const std::string& token_hash,
                                           TokenPurpose purpose);

// Whether UseAccountToken would succeed now (nothing is changed): lets a route refuse a bad token
// before spending a password hash on it.
bool AccountTokenUsable(pqxx::work& txn, const std::string& token_hash, TokenPurpose purpose);

// Records a password reset request for the address whose SHA-256 is `address_hash` (known or not)
// and returns how many were made for it within the last hour, this one included. Deletes a few
// rows older than an hour on the way (password_reset_requests keeps an hour).
int RecordPasswordResetRequest(pqxx::work& txn, const std::string& address_hash);

}  // namespace shop::auth_service
