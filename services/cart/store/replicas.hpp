#pragma once
// cart-service's replicas of users, categories and products (migrations/V001): every write is a
// versioned upsert, so an older version never overwrites a newer one and a tombstone (deleted =
// true, with the final version) is never resurrected by a late created/updated event. Used by the
// cart.*-sync consumers and, for products, by the HTTP fallback on a replica miss.

#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "cart/domain/replica_rows.hpp"
#include "platform/db/pool.hpp"

namespace shop::cart {

// Prepared statements of this file, for the pool.
const std::vector<db::PreparedStatement>& ReplicaStatements();

// Inserts the user or overwrites an older version (deleted = false).
void UpsertUser(pqxx::work& txn, const ReplicaUser& user);
// Makes `id` a tombstone at `version` (inserting one when unknown), unless a newer version is
// stored, and removes the user's cart (its lines go with it) and wishlist. Returns whether the
// tombstone was written.
bool DeleteUser(pqxx::work& txn, const std::string& id, long long version);
// True when `id` is a tombstone: such a user may not create a cart any more. Holds a shared lock
// on the user id until the transaction ends, so a concurrent DeleteUser waits for the caller's
// commit and then removes the cart the caller created.
bool IsDeletedUser(pqxx::work& txn, const std::string& id);

// Inserts the category or overwrites an older version, then sets category_name on the replica
// products of this category (the cart does not wait for product events to learn a rename). A
// stale version changes nothing. A deleted category's products keep the name it carries.
void UpsertCategory(pqxx::work& txn, const ReplicaCategory& category, bool deleted);

// Inserts the product or overwrites an older version (deleted = false). category_name is the
// categories replica's name when it knows the category, else the product's own.
void UpsertProduct(pqxx::work& txn, const ReplicaProduct& product);
// Makes `last.id` a tombstone at `last.version` with `last`'s final state (a row of
// LastProductRow) unless this or a newer version is stored. An id the replica does not know gets
// the tombstone too, so a created/updated event of an older version arriving later cannot bring
// the product back.
void DeleteProduct(pqxx::work& txn, const ReplicaProduct& last);
// The same for a deletion that carries no last state: a known product keeps its last state, an
// unknown one gets a bare tombstone (id and version only).
void TombstoneProduct(pqxx::work& txn, const std::string& id, long long version);

// The replica's product, tombstones included; nullopt when it never heard of it.
std::optional<ReplicaProduct> FindProduct(pqxx::work& txn, const std::string& id);

}  // namespace shop::cart
