// GET/POST /cart/wishlist, DELETE /cart/wishlist/{product_id} and
// POST /cart/wishlist/{product_id}/move-to-cart (api/cart_routes.hpp).
#include "cart/api/cart_api.hpp"
#include "cart/api/cart_json.hpp"
#include "cart/store/cart_store.hpp"
#include "platform/http/problem.hpp"

namespace shop::cart {
namespace {

struct WishlistRoutes {
  std::shared_ptr<const CartApi> api;

  http::Response Get(http::Request& request) const {
    const std::string user_id = api->Caller(request);
    const auto entries =
        api->pool.WithTransaction([&](pqxx::work& txn) { return LoadWishlist(txn, user_id); });
    return http::JsonResponse(200, WishlistJson(entries).dump());
  }

  // 201 when added, 200 when it was there already.
  http::Response Add(http::Request& request) const {
    const std::string user_id = api->Caller(request);
    const std::string product_id = RequiredProductId(http::JsonBody(request));
    return api->products.WriteWithProductFallback(request, [&](pqxx::work& txn) {
      CartApi::RequireLiveAccount(txn, user_id);
      RequireProduct(txn, product_id);
      const bool added = AddToWishlist(txn, user_id, product_id);
      return http::JsonResponse(added ? 201 : 200, WishlistJson(LoadWishlist(txn, user_id)).dump());
    });
  }

  http::Response Remove(http::Request& request) const {
    const std::string user_id = api->Caller(request);
    const std::string product_id = ProductIdParam(request);
    const bool removed = api->pool.WithTransaction(
        [&](pqxx::work& txn) { return RemoveFromWishlist(txn, user_id, product_id); });
    if (!removed) {
      throw http::NotFound("product " + product_id + " is not on the wishlist");
    }
    return http::EmptyResponse(204);
  }

  // One more of the product in the cart, and off the wishlist; nothing changes on a 4xx.
  http::Response MoveToCart(http::Request& request) const {
    const std::string user_id = api->Caller(request);
    const std::string product_id = ProductIdParam(request);
    return api->pool.WithTransaction([&](pqxx::work& txn) {
      CartApi::RequireLiveAccount(txn, user_id);
      if (!RemoveFromWishlist(txn, user_id, product_id)) {
        throw http::NotFound("product " + product_id + " is not on the wishlist");
      }
      const std::optional<ReplicaProduct> product = FindProduct(txn, product_id);
      if (!product || product->deleted) {
        throw FieldError("product_id", "is no longer sold");
      }
      CartApi::AddToLine(txn, user_id, *product, 1);
      return http::JsonResponse(200, CartJson(user_id, CartApi::View(txn, user_id)).dump());
    });
  }
};

}  // namespace

void AddWishlistRoutes(http::Router& router, std::shared_ptr<const CartApi> api) {
  auto routes = std::make_shared<const WishlistRoutes>(WishlistRoutes{std::move(api)});
  router.Add(http::Method::kGet, "/cart/wishlist",
             [routes](http::Request& r) { return routes->Get(r); });
  router.Add(http::Method::kPost, "/cart/wishlist",
             [routes](http::Request& r) { return routes->Add(r); });
  router.Add(http::Method::kDelete, "/cart/wishlist/{product_id}",
             [routes](http::Request& r) { return routes->Remove(r); });
  router.Add(http::Method::kPost, "/cart/wishlist/{product_id}/move-to-cart",
             [routes](http::Request& r) { return routes->MoveToCart(r); });
}

}  // namespace shop::cart
