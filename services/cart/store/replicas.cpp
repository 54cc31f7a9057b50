#include "cart/store/replicas.hpp"

#include "cart/store/nullable_text.hpp"

namespace shop::cart {
namespace {

// Transaction-level advisory locks, keyed by (namespace, hash of the id). Exclusive for a change
// that must see every concurrent writer's rows (a category rename, a user's deletion), shared for
// those writers. Without them, a product inserted concurrently with its category's rename would
// keep the old name (neither transaction sees the other's uncommitted row), and a cart created
// concurrently with its user's deletion would survive it. A hash collision only serialises more.
constexpr const char* kLockCategory = "cart_replica_lock_category";
constexpr const char* kLockCategoryShared = "cart_replica_lock_category_shared";
constexpr const char* kLockUser = "cart_replica_lock_user";
constexpr const char* kLockUserShared = "cart_replica_lock_user_shared";

constexpr const char* kUpsertUser = "cart_replica_upsert_user";
constexpr const char* kTombstoneUser = "cart_replica_tombstone_user";
constexpr const char* kDeleteUserCart = "cart_replica_delete_user_cart";
constexpr const char* kDeleteUserWishlist = "cart_replica_delete_user_wishlist";
constexpr const char* kIsDeletedUser = "cart_replica_is_deleted_user";
constexpr const char* kUpsertCategory = "cart_replica_upsert_category";
constexpr const char* kRenameProducts = "cart_replica_rename_products";
constexpr const char* kUpsertProduct = "cart_replica_upsert_product";
constexpr const char* kTombstoneProduct = "cart_replica_tombstone_product";
constexpr const char* kFindProduct = "cart_replica_find_product";

void LockCategory(pqxx::work& txn, const std::string& category_id, bool exclusive) {
  txn.exec_prepared(exclusive ? kLockCategory : kLockCategoryShared, category_id);
}

void LockUser(pqxx::work& txn, const std::string& user_id, bool exclusive) {
  txn.exec_prepared(exclusive ? kLockUser : kLockUserShared, user_id);
}

void WriteProduct(pqxx::work& txn, const ReplicaProduct& product, bool deleted) {
  LockCategory(txn, product.category_id, false);
  txn.exec_prepared(kUpsertProduct, product.id, product.name, product.price, product.stock,
                    product.category_id, product.category_name, product.version, deleted,
                    product.seller_id.value_or(""));
}

}  // namespace

const std::vector<db::PreparedStatement>& ReplicaStatements() {
  // Versioned upserts: `WHERE <table>.version < EXCLUDED.version` leaves a row alone unless the
  // event is newer, so a tombstone (deleted = true, final version) is never resurrected and a
  // redelivered or reordered event never overwrites newer state. RETURNING tells whether it wrote.
  static const std::vector<db::PreparedStatement> statements = {
      {kLockCategory,
       "SELECT pg_advisory_xact_lock(hashtext('cart.categories'), hashtext($1::uuid::text))"},
      {kLockCategoryShared,
       "SELECT pg_advisory_xact_lock_shared(hashtext('cart.categories'), "
       "hashtext($1::uuid::text))"},
      {kLockUser, "SELECT pg_advisory_xact_lock(hashtext('cart.users'), hashtext($1::uuid::text))"},
      {kLockUserShared,
       "SELECT pg_advisory_xact_lock_shared(hashtext('cart.users'), hashtext($1::uuid::text))"},
      {kUpsertUser,
       "INSERT INTO users (id, email, name, role, version, deleted) "
       "VALUES ($1::uuid, $2, $3, $4, $5, false) "
       "ON CONFLICT (id) DO UPDATE SET email = EXCLUDED.email, name = EXCLUDED.name, "
       "role = EXCLUDED.role, version = EXCLUDED.version, deleted = false "
       "WHERE users.version < EXCLUDED.version"},
      // A tombstone keeps no personal data: it only has to stop the user from creating a cart.
      {kTombstoneUser,
       "INSERT INTO users (id, version, deleted) VALUES ($1::uuid, $2, true) "
       "ON CONFLICT (id) DO UPDATE SET email = '', name = '', version = EXCLUDED.version, "
       "deleted = true WHERE users.version < EXCLUDED.version RETURNING id"},
      {kDeleteUserCart, "DELETE FROM carts WHERE user_id = $1::uuid"},  // cart_items cascade
      {kDeleteUserWishlist, "DELETE FROM wishlist_items WHERE user_id = $1::uuid"},
      {kIsDeletedUser, "SELECT deleted FROM users WHERE id = $1::uuid"},
      {kUpsertCategory,
       "INSERT INTO categories (id, name, version, deleted) VALUES ($1::uuid, $2, $3, $4) "
       "ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, version = EXCLUDED.version, "
       "deleted = EXCLUDED.deleted WHERE categories.version < EXCLUDED.version RETURNING id"},
      {kRenameProducts,
       "UPDATE products SET category_name = $2 "
       "WHERE category_id = $1::uuid AND category_name IS DISTINCT FROM $2"},
      // The categories replica's name wins over the product event's (see migrations/V001).
      // seller_id travels as '' when the product has none (libpqxx 6 has no optional parameters).
      {kUpsertProduct,
       "INSERT INTO products (id, name, price, stock, category_id, category_name, version, "
       "deleted, seller_id) VALUES ($1::uuid, $2, $3::numeric, $4, $5::uuid, "
       "COALESCE((SELECT c.name FROM categories c WHERE c.id = $5::uuid), $6), $7, $8, "
       "NULLIF($9, '')::uuid) "
       "ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, price = EXCLUDED.price, "
       "stock = EXCLUDED.stock, category_id = EXCLUDED.category_id, "
       "category_name = EXCLUDED.category_name, version = EXCLUDED.version, "
       "deleted = EXCLUDED.deleted, seller_id = EXCLUDED.seller_id "
       "WHERE products.version < EXCLUDED.version"},
      // A known product keeps its last state; an unknown one gets a bare tombstone (no name,
      // price or category: migrations/V005), which an older created event cannot overwrite.
      {kTombstoneProduct,
       "INSERT INTO products (id, stock, version, deleted) VALUES ($1::uuid, 0, $2, true) "
       "ON CONFLICT (id) DO UPDATE SET deleted = true, version = EXCLUDED.version "
       "WHERE products.version < EXCLUDED.version"},
      {kFindProduct,
       "SELECT id::text, name, price::text, stock, category_id::text, category_name, version, "
       "deleted, seller_id::text FROM products WHERE id = $1::uuid"},
  };
  return statements;
}

void UpsertUser(pqxx::work& txn, const ReplicaUser& user) {
  txn.exec_prepared(kUpsertUser, user.id, user.email, user.name, user.role, user.version);
}

bool DeleteUser(pqxx::work& txn, const std::string& id, long long version) {
  LockUser(txn, id, true);
  if (txn.exec_prepared(kTombstoneUser, id, version).empty()) {
    return false;  // this version or a newer one (a tombstone too: deletion is final) is stored
  }
  txn.exec_prepared(kDeleteUserCart, id);
  txn.exec_prepared(kDeleteUserWishlist, id);
  return true;
}

bool IsDeletedUser(pqxx::work& txn, const std::string& id) {
  LockUser(txn, id, false);
  const pqxx::result r = txn.exec_prepared(kIsDeletedUser, id);
  return !r.empty() && r[0][0].as<bool>();
}

void UpsertCategory(pqxx::work& txn, const ReplicaCategory& category, bool deleted) {
  LockCategory(txn, category.id, true);
  if (txn.exec_prepared(kUpsertCategory, category.id, category.name, category.version, deleted)
          .empty()) {
    return;  // stale: renaming the products now would undo a newer name
  }
  // Also on deletion: the deleted event carries the category's final name, which its products
  // keep (it may be newer than a rename this replica never applied).
  txn.exec_prepared(kRenameProducts, category.id, category.name);
}

void UpsertProduct(pqxx::work& txn, const ReplicaProduct& product) {
  WriteProduct(txn, product, false);
}

void DeleteProduct(pqxx::work& txn, const ReplicaProduct& last) { WriteProduct(txn, last, true); }

void TombstoneProduct(pqxx::work& txn, const std::string& id, long long version) {
  txn.exec_prepared(kTombstoneProduct, id, version);
}

std::optional<ReplicaProduct> FindProduct(pqxx::work& txn, const std::string& id) {
  const pqxx::result r = txn.exec_prepared(kFindProduct, id);
  if (r.empty()) {
    return std::nullopt;
  }
  const pqxx::row row = r[0];
  // name, price and the category are NULL on a bare tombstone only.
  return ReplicaProduct{.id = row[0].as<std::string>(),
                        .name = row[1].as<std::string>(std::string()),
                        .price = row[2].as<std::string>(std::string()),
                        .stock = row[3].as<long long>(),
                        .category_id = row[4].as<std::string>(std::string()),
                        .category_name = row[5].as<std::string>(std::string()),
                        .version = row[6].as<long long>(),
                        .deleted = row[7].as<bool>(),
                        .seller_id = NullableText(row[8])};
}

}  // namespace shop::cart
