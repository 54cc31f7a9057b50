#include "notification/store/user_replica.hpp"

#include "notification/store/statement_names.hpp"

namespace shop::notification {

bool UpsertUser(pqxx::work& txn, const std::string& id, const std::string& email,
                const std::optional<std::string>& name, std::int64_t version) {
  return txn.exec_prepared(statements::kUpsertUser, id, email, name, version).affected_rows() == 1;
}

bool TombstoneUser(pqxx::work& txn, const std::string& id, std::int64_t version) {
  return txn.exec_prepared(statements::kTombstoneUser, id, version).affected_rows() == 1;
}

std::optional<ReplicaUser> FindUser(pqxx::work& txn, const std::string& id) {
  const pqxx::result r = txn.exec_prepared(statements::kFindUser, id);
  if (r.empty()) {
    return std::nullopt;
  }
  ReplicaUser user{.id = r[0][0].as<std::string>(),
                   .email = std::nullopt,
                   .name = std::nullopt,
                   .version = r[0][3].as<std::int64_t>(),
                   .deleted = r[0][4].as<bool>()};
  if (!r[0][1].is_null()) {
    user.email = r[0][1].as<std::string>();
  }
  if (!r[0][2].is_null()) {
    user.name = r[0][2].as<std::string>();
  }
  return user;
}

}  // namespace shop::notification
