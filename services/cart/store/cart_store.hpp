#pragma once
// SQL of carts, cart lines and wishlists (migrations/V002). Functions take the request's
// transaction; every statement is prepared once per pooled connection (CartStatements()).

#include <chrono>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "cart/domain/cart_view.hpp"
#include "platform/db/pool.hpp"

namespace shop::cart {

const std::vector<db::PreparedStatement>& CartStatements();

// Creates the user's cart row when there is none, then locks it FOR UPDATE: every change of one
// cart (and its checkout) is serialised by this lock. Returns the applied promo code.
std::optional<std::string> LockCart(pqxx::work& txn, const std::string& user_id);
// The applied promo code of the cart, nullopt also when the user has no cart yet.
std::optional<std::string> CartPromoCode(pqxx::work& txn, const std::string& user_id);
void SetCartPromoCode(pqxx::work& txn, const std::string& user_id,
                      const std::optional<std::string>& code);

// The lines with their replica products, oldest first.
std::vector<CartItem> LoadCartItems(pqxx::work& txn, const std::string& user_id);
// The quantity of `product_id` in the cart, nullopt when it is not there.
std::optional<int> ItemQuantity(pqxx::work& txn, const std::string& user_id,
                                const std::string& product_id);
// Adds the line or sets its quantity.
void SetItemQuantity(pqxx::work& txn, const std::string& user_id, const std::string& product_id,
                     int quantity);
bool RemoveItem(pqxx::work& txn, const std::string& user_id, const std::string& product_id);
// Removes every line and the applied code.
void EmptyCart(pqxx::work& txn, const std::string& user_id);

struct WishlistEntry {
  std::string product_id;
  std::string name;
  std::string category_name;
  std::string unit_price;
  bool available = true;
};

std::vector<WishlistEntry> LoadWishlist(pqxx::work& txn, const std::string& user_id);
// False when it was already there.
bool AddToWishlist(pqxx::work& txn, const std::string& user_id, const std::string& product_id);
bool RemoveFromWishlist(pqxx::work& txn, const std::string& user_id, const std::string& product_id);

// Idempotency-Key of POST /cart/items (one per user and key).
struct IdempotentAnswer {
  std::string request_hash;
  int status = 0;
  std::string body;
};
// Claims `key` for a request whose body hashes to `request_hash`: true when this request is the
// first within `ttl` (an older claim of the key is replaced). Otherwise the first request's answer
// is returned by FindIdempotentAnswer (a concurrent first request is waited for by the unique
// index).
bool ClaimIdempotencyKey(pqxx::work& txn, const std::string& user_id, const std::string& key,
                         const std::string& request_hash, std::chrono::seconds ttl);
// Deletes up to `batch` keys older than `ttl`; returns how many.
long PurgeIdempotencyKeys(pqxx::work& txn, std::chrono::seconds ttl, int batch);
std::optional<IdempotentAnswer> FindIdempotentAnswer(pqxx::work& txn, const std::string& user_id,
                                                     const std::string& key);
void StoreIdempotentAnswer(pqxx::work& txn, const std::string& user_id, const std::string& key,
                           int status, const std::string& body);

}  // namespace shop::cart
