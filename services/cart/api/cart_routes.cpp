#include "cart/api/cart_routes.hpp"

#include <openssl/evp.h>

#include "cart/api/cart_api.hpp"
#include "cart/api/cart_json.hpp"
#include "cart/domain/cart_rules.hpp"
#include "cart/store/cart_store.hpp"
#include "cart/store/idempotency_purge.hpp"
#include "platform/http/problem.hpp"
#include "platform/text/uuid.hpp"

namespace shop::cart {
namespace {

constexpr std::size_t kMaxIdempotencyKeyLength = 200;

// Hex SHA-256 of a request body: what an Idempotency-Key's first request is remembered by.
std::string BodyHash(const std::string& body) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (EVP_Digest(body.data(), body.size(), digest, &size, EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("SHA-256 failed");
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < size; ++i) {
    hex.push_back(kHex[digest[i] >> 4]);
    hex.push_back(kHex[digest[i] & 0xf]);
  }
  return hex;
}

std::optional<std::string> IdempotencyKey(const http::Request& request) {
  const auto key = request.headers.Get("Idempotency-Key");
  if (!key) {
    return std::nullopt;
  }
  // Visible ASCII only (as the IETF draft and cart.yaml say): the key is stored as text, and a
  // byte that is not UTF-8 would otherwise fail in Postgres as a 500.
  if (key->empty() || key->size() > kMaxIdempotencyKeyLength || !IsVisibleAscii(*key)) {
    throw http::BadRequest("Idempotency-Key must be 1 to " +
                           std::to_string(kMaxIdempotencyKeyLength) + " visible ASCII characters");
  }
  return std::string(*key);
}

http::Response CartResponse(unsigned status, pqxx::work& txn, const std::string& user_id) {
  return http::JsonResponse(status, CartJson(user_id, CartApi::View(txn, user_id)).dump());
}

struct CartRoutes {
  std::shared_ptr<const CartApi> api;

  http::Response Get(http::Request& request) const {
    const std::string user_id = api->Caller(request);
    return api->pool.WithTransaction(
        [&](pqxx::work& txn) { return CartResponse(200, txn, user_id); });
  }

  // Admins read anyone's cart; to everyone else the route does not exist (no hint that a user
  // id is valid).
  http::Response GetOfUser(http::Request& request) const {
    const auth::Principal caller = api->authenticator.Authenticate(request);
    const std::string& user_id = request.PathParam("user_id");
    if (caller.role != "admin" || !text::IsUuid(user_id)) {
      throw http::NotFound("no cart for user " + user_id);
    }
    return api->pool.WithTransaction(
        [&](pqxx::work& txn) { return CartResponse(200, txn, user_id); });
  }

  http::Response Empty(http::Request& request) const {
    const std::string user_id = api->Caller(request);
    api->pool.WithTransaction([&](pqxx::work& txn) { EmptyCart(txn, user_id); });
    return http::EmptyResponse(204);
  }

  http::Response AddItem(http::Request& request) const {
    const std::string user_id = api->Caller(request);
    const std::optional<std::string> key = IdempotencyKey(request);
    const http::JsonBody body(request);
    const std::string product_id = RequiredProductId(body);
    const int quantity = RequiredQuantity(body);
    const std::string hash = key ? BodyHash(request.body) : std::string();

    struct Answer {
      int status = 0;
      std::string body;
      bool replayed = false;
    };
    const Answer answer =
        api->products.WriteWithProductFallback(request, [&](pqxx::work& txn) -> Answer {
          if (key && !ClaimIdempotencyKey(txn, user_id, *key, hash, api->idempotency_ttl)) {
            const std::optional<IdempotentAnswer> stored = FindIdempotentAnswer(txn, user_id, *key);
            if (!stored) {
              throw std::runtime_error("an idempotency key was claimed without an answer");
            }
            if (stored->request_hash != hash) {
              throw http::Unprocessable(
                  "this Idempotency-Key was used for a request with another body");
            }
            return {.status = stored->status, .body = stored->body, .replayed = true};
          }
          CartApi::RequireLiveAccount(txn, user_id);
          CartApi::AddToLine(txn, user_id, RequireProduct(txn, product_id), quantity);
          const std::string cart = CartJson(user_id, CartApi::View(txn, user_id)).dump();
          if (key) {
            StoreIdempotentAnswer(txn, user_id, *key, 201, cart);
          }
          return {.status = 201, .body = cart};
        });
    http::Response response = http::JsonResponse(static_cast<unsigned>(answer.status), answer.body);
    if (answer.replayed) {
      response.headers.Set("Idempotent-Replayed", "true");
    }
    return response;
  }

  http::Response PatchItem(http::Request& request) const {
    const std::string user_id = api->Caller(request);
    const std::string product_id = ProductIdParam(request);
    const int quantity = RequiredQuantity(http::JsonBody(request));
    return api->pool.WithTransaction([&](pqxx::work& txn) {
      CartApi::RequireLiveAccount(txn, user_id);
      LockCart(txn, user_id);
      if (!ItemQuantity(txn, user_id, product_id)) {
        throw http::NotFound("product " + product_id + " is not in the cart");
      }
      const std::optional<ReplicaProduct> product = FindProduct(txn, product_id);
      if (!product || product->deleted) {
        throw FieldError("product_id", "is no longer sold; remove it from the cart");
      }
      if (const auto violation = QuantityViolation(quantity, product->stock)) {
        throw FieldError("quantity", *violation);
      }
      SetItemQuantity(txn, user_id, product_id, quantity);
      return CartResponse(200, txn, user_id);
    });
  }

  http::Response RemoveItem(http::Request& request) const {
    const std::string user_id = api->Caller(request);
    const std::string product_id = ProductIdParam(request);
    const bool removed = api->pool.WithTransaction(
        [&](pqxx::work& txn) { return cart::RemoveItem(txn, user_id, product_id); });
    if (!removed) {
      throw http::NotFound("product " + product_id + " is not in the cart");
    }
    return http::EmptyResponse(204);
  }
};

}  // namespace

void AddCartRoutes(http::Router& router, service::ServiceContext& context,
                   ProductDirectory& products, const auth::Authenticator& authenticator) {
  // Shared by every route; immutable (the directory is thread-safe), so safe on all workers.
  auto api =
      std::make_shared<const CartApi>(CartApi{.pool = context.pool,
                                              .products = ProductResolution(context.pool, products),
                                              .authenticator = authenticator});
  auto routes = std::make_shared<const CartRoutes>(CartRoutes{api});
  router.Add(http::Method::kGet, "/cart", [routes](http::Request& r) { return routes->Get(r); });
  router.Add(http::Method::kDelete, "/cart",
             [routes](http::Request& r) { return routes->Empty(r); });
  router.Add(http::Method::kPost, "/cart/items",
             [routes](http::Request& r) { return routes->AddItem(r); });
  router.Add(http::Method::kPatch, "/cart/items/{product_id}",
             [routes](http::Request& r) { return routes->PatchItem(r); });
  router.Add(http::Method::kDelete, "/cart/items/{product_id}",
             [routes](http::Request& r) { return routes->RemoveItem(r); });
  router.Add(http::Method::kGet, "/cart/users/{user_id}",
             [routes](http::Request& r) { return routes->GetOfUser(r); });
  AddWishlistRoutes(router, api);
  AddPromoRoutes(router, api);
  AddCheckoutRoute(router, api);
}

}  // namespace shop::cart
