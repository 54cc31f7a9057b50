#include "cart/store/cart_store.hpp"

#include "cart/store/nullable_text.hpp"

namespace shop::cart {
namespace {

constexpr const char* kCreateCart = "cart_create";
constexpr const char* kLockCart = "cart_lock";
constexpr const char* kPromoOf = "cart_promo_of";
constexpr const char* kSetPromo = "cart_set_promo";
constexpr const char* kLoadItems = "cart_load_items";
constexpr const char* kItemQuantity = "cart_item_quantity";
constexpr const char* kSetQuantity = "cart_set_quantity";
constexpr const char* kRemoveItem = "cart_remove_item";
constexpr const char* kRemoveItems = "cart_remove_items";
constexpr const char* kLoadWishlist = "wishlist_load";
constexpr const char* kAddWish = "wishlist_add";
constexpr const char* kRemoveWish = "wishlist_remove";
constexpr const char* kClaimKey = "idempotency_claim";
constexpr const char* kFindKey = "idempotency_find";
constexpr const char* kStoreAnswer = "idempotency_store";
constexpr const char* kPurgeKeys = "idempotency_purge";

Money PriceOf(const pqxx::field& field) {
  // numeric(12,2)::text always has two fraction digits and no sign here (price >= 0).
  const std::optional<Money> price = Money::Parse(field.as<std::string>());
  if (!price) {
    throw std::runtime_error("unreadable price in the product replica: " + field.as<std::string>());
  }
  return *price;
}

}  // namespace

const std::vector<db::PreparedStatement>& CartStatements() {
  static const std::vector<db::PreparedStatement> statements = {
      {kCreateCart, "INSERT INTO carts (user_id) VALUES ($1::uuid) ON CONFLICT DO NOTHING"},
      {kLockCart, "SELECT promo_code FROM carts WHERE user_id = $1::uuid FOR UPDATE"},
      {kPromoOf, "SELECT promo_code FROM carts WHERE user_id = $1::uuid"},
      {kSetPromo,
       "UPDATE carts SET promo_code = NULLIF($2, ''), updated_at = now() "
       "WHERE user_id = $1::uuid"},
      {kLoadItems,
       "SELECT i.product_id::text, p.category_id::text, p.price::text, i.quantity, p.deleted, "
       "p.name, p.category_name, p.stock, p.seller_id::text "
       "FROM cart_items i JOIN products p ON p.id = i.product_id "
       "WHERE i.user_id = $1::uuid ORDER BY i.added_at, i.product_id"},
      {kItemQuantity,
       "SELECT quantity FROM cart_items WHERE user_id = $1::uuid AND product_id = $2::uuid"},
      {kSetQuantity,
       "INSERT INTO cart_items (user_id, product_id, quantity) VALUES ($1::uuid, $2::uuid, $3) "
       "ON CONFLICT (user_id, product_id) DO UPDATE SET quantity = EXCLUDED.quantity"},
      {kRemoveItem, "DELETE FROM cart_items WHERE user_id = $1::uuid AND product_id = $2::uuid"},
      {kRemoveItems, "DELETE FROM cart_items WHERE user_id = $1::uuid"},
      {kLoadWishlist,
       "SELECT w.product_id::text, p.name, p.category_name, p.price::text, NOT p.deleted "
       "FROM wishlist_items w JOIN products p ON p.id = w.product_id "
       "WHERE w.user_id = $1::uuid ORDER BY w.added_at, w.product_id"},
      {kAddWish,
       "INSERT INTO wishlist_items (user_id, product_id) VALUES ($1::uuid, $2::uuid) "
       "ON CONFLICT DO NOTHING"},
      {kRemoveWish,
       "DELETE FROM wishlist_items WHERE user_id = $1::uuid AND product_id = $2::uuid"},
      {kClaimKey,
       "INSERT INTO idempotency_keys (user_id, key, request_hash) VALUES ($1::uuid, $2, $3) "
       "ON CONFLICT (user_id, key) DO UPDATE SET request_hash = EXCLUDED.request_hash, "
       "status = NULL, response = NULL, created_at = now() "
       "WHERE idempotency_keys.created_at < now() - $4 * interval '1 second'"},
      {kPurgeKeys,
       "DELETE FROM idempotency_keys WHERE ctid IN (SELECT ctid FROM idempotency_keys "
       "WHERE created_at < now() - $1 * interval '1 second' LIMIT $2)"},
      {kFindKey,
       "SELECT request_hash, status, response FROM idempotency_keys "
       "WHERE user_id = $1::uuid AND key = $2"},
      {kStoreAnswer,
       "UPDATE idempotency_keys SET status = $3, response = $4 "
       "WHERE user_id = $1::uuid AND key = $2"},
  };
  return statements;
}

std::optional<std::string> LockCart(pqxx::work& txn, const std::string& user_id) {
  txn.exec_prepared(kCreateCart, user_id);
  const pqxx::row row = txn.exec_prepared(kLockCart, user_id).at(0);
  return NullableText(row[0]);
}

std::optional<std::string> CartPromoCode(pqxx::work& txn, const std::string& user_id) {
  const pqxx::result r = txn.exec_prepared(kPromoOf, user_id);
  if (r.empty() || r[0][0].is_null()) {
    return std::nullopt;
  }
  return r[0][0].as<std::string>();
}

void SetCartPromoCode(pqxx::work& txn, const std::string& user_id,
                      const std::optional<std::string>& code) {
  txn.exec_prepared(kSetPromo, user_id, code.value_or(""));
}

std::vector<CartItem> LoadCartItems(pqxx::work& txn, const std::string& user_id) {
  std::vector<CartItem> items;
  for (const pqxx::row& r : txn.exec_prepared(kLoadItems, user_id)) {
    items.push_back({.line = {.product_id = r[0].as<std::string>(),
                              .category_id = r[1].as<std::string>(),
                              .unit_price = PriceOf(r[2]),
                              .quantity = r[3].as<int>(),
                              .available = !r[4].as<bool>()},
                     .name = r[5].as<std::string>(),
                     .category_name = r[6].as<std::string>(),
                     .stock = r[7].as<long long>(),
                     .seller_id = NullableText(r[8])});
  }
  return items;
}

std::optional<int> ItemQuantity(pqxx::work& txn, const std::string& user_id,
                                const std::string& product_id) {
  const pqxx::result r = txn.exec_prepared(kItemQuantity, user_id, product_id);
  if (r.empty()) {
    return std::nullopt;
  }
  return r[0][0].as<int>();
}

void SetItemQuantity(pqxx::work& txn, const std::string& user_id, const std::string& product_id,
                     int quantity) {
  txn.exec_prepared(kSetQuantity, user_id, product_id, quantity);
}

bool RemoveItem(pqxx::work& txn, const std::string& user_id, const std::string& product_id) {
  return txn.exec_prepared(kRemoveItem, user_id, product_id).affected_rows() > 0;
}

void EmptyCart(pqxx::work& txn, const std::string& user_id) {
  txn.exec_prepared(kRemoveItems, user_id);
  SetCartPromoCode(txn, user_id, std::nullopt);
}

std::vector<WishlistEntry> LoadWishlist(pqxx::work& txn, const std::string& user_id) {
  std::vector<WishlistEntry> entries;
  for (const pqxx::row& r : txn.exec_prepared(kLoadWishlist, user_id)) {
    entries.push_back({.product_id = r[0].as<std::string>(),
                       .name = r[1].as<std::string>(),
                       .category_name = r[2].as<std::string>(),
                       .unit_price = r[3].as<std::string>(),
                       .available = r[4].as<bool>()});
  }
  return entries;
}

bool AddToWishlist(pqxx::work& txn, const std::string& user_id, const std::string& product_id) {
  return txn.exec_prepared(kAddWish, user_id, product_id).affected_rows() > 0;
}

bool RemoveFromWishlist(pqxx::work& txn, const std::string& user_id,
                        const std::string& product_id) {
  return txn.exec_prepared(kRemoveWish, user_id, product_id).affected_rows() > 0;
}

bool ClaimIdempotencyKey(pqxx::work& txn, const std::string& user_id, const std::string& key,
                         const std::string& request_hash, std::chrono::seconds ttl) {
  return txn.exec_prepared(kClaimKey, user_id, key, request_hash, ttl.count()).affected_rows() > 0;
}

long PurgeIdempotencyKeys(pqxx::work& txn, std::chrono::seconds ttl, int batch) {
  return static_cast<long>(txn.exec_prepared(kPurgeKeys, ttl.count(), batch).affected_rows());
}

std::optional<IdempotentAnswer> FindIdempotentAnswer(pqxx::work& txn, const std::string& user_id,
                                                     const std::string& key) {
  const pqxx::result r = txn.exec_prepared(kFindKey, user_id, key);
  if (r.empty() || r[0][1].is_null()) {
    return std::nullopt;
  }
  return IdempotentAnswer{.request_hash = r[0][0].as<std::string>(),
                          .status = r[0][1].as<int>(),
                          .body = r[0][2].as<std::string>()};
}

void StoreIdempotentAnswer(pqxx::work& txn, const std::string& user_id, const std::string& key,
                           int status, const std::string& body) {
  txn.exec_prepared(kStoreAnswer, user_id, key, status, body);
}

}  // namespace shop::cart
