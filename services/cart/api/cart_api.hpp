#pragma once
// What the route files of cart-service share: the caller, the view of a cart, request fields.
// Internal to api/; the routes are described in cart_routes.hpp.

#include <chrono>
#include <pqxx/pqxx>
#include <string>
#include <string_view>

#include "cart/api/product_resolution.hpp"
#include "cart/domain/cart_view.hpp"
#include "events/outbox_writer.hpp"
#include "platform/auth/bearer_auth.hpp"
#include "platform/db/pool.hpp"
#include "platform/http/json_body.hpp"
#include "platform/http/message.hpp"
#include "platform/http/router.hpp"

namespace shop::cart {

struct CartApi {
  db::ConnectionPool& pool;
  ProductResolution products;
  const auth::Authenticator& authenticator;
  std::chrono::seconds idempotency_ttl{std::chrono::hours(24)};
  events::Outbox outbox{"cart"};

  // The caller's user id, the verified token's `sub` (401 without a valid token).
  std::string Caller(const http::Request& request) const {
    return authenticator.Authenticate(request).user_id;
  }
  // 403 when the cart replica holds `user_id` as deleted: a token issued before the deletion
  // must not create a new cart.
  static void RequireLiveAccount(pqxx::work& txn, const std::string& user_id);
  // Adds `quantity` more of `product` to the cart (creating the line and the cart), keeping the
  // line within 1..99 and the product's stock (422).
  static void AddToLine(pqxx::work& txn, const std::string& user_id, const ReplicaProduct& product,
                        int quantity);
  // The cart as GET /cart shows it, its applied code evaluated now.
  static CartView View(pqxx::work& txn, const std::string& user_id);
};

// {product_id} of the path: a value that is not a UUID names no product, so 404.
std::string ProductIdParam(const http::Request& request);
// A body's product_id: 422 when it is not a UUID.
std::string RequiredProductId(const http::JsonBody& body);
// A body's quantity: 422 outside kMinQuantity..kMaxQuantity.
int RequiredQuantity(const http::JsonBody& body);
// 422 naming `field`.
http::HttpError FieldError(const std::string& field, const std::string& message);
// True when every byte of `text` is visible ASCII (0x21 to 0x7e): what an Idempotency-Key and a
// payment token may hold (no space, no control character, nothing that is not ASCII).
bool IsVisibleAscii(std::string_view text);

void AddWishlistRoutes(http::Router& router, std::shared_ptr<const CartApi> api);
void AddPromoRoutes(http::Router& router, std::shared_ptr<const CartApi> api);
void AddCheckoutRoute(http::Router& router, std::shared_ptr<const CartApi> api);

}  // namespace shop::cart
