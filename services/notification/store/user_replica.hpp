#pragma once
// The users replica (migrations/V001__create_users.sql): versioned upserts from user.* events and
// the lookup of an order's or shipment's user. Statements are prepared on every connection
// (NotificationStatements()).

#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>

namespace shop::notification {

struct ReplicaUser {
  std::string id;
  std::optional<std::string> email;  // nullopt in a tombstone
  std::optional<std::string> name;
  std::int64_t version = 0;
  bool deleted = false;
};

// Inserts or replaces the user when `version` is newer than the one held; a tombstone with a
// newer version comes back to life (a deletion is final in auth, so that is an out-of-order
// replay, never a resurrection). Returns whether the row changed.
bool UpsertUser(pqxx::work& txn, const std::string& id, const std::string& email,
                const std::optional<std::string>& name, std::int64_t version);
// Leaves a tombstone (no address, no name) unless a newer version is held.
bool TombstoneUser(pqxx::work& txn, const std::string& id, std::int64_t version);

std::optional<ReplicaUser> FindUser(pqxx::work& txn, const std::string& id);

}  // namespace shop::notification
