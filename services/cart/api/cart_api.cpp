#include "cart/api/cart_api.hpp"

#include <algorithm>

#include "cart/domain/cart_rules.hpp"
#include "cart/store/cart_store.hpp"
#include "cart/store/promo_store.hpp"
#include "platform/http/problem.hpp"
#include "platform/text/uuid.hpp"

namespace shop::cart {

void CartApi::RequireLiveAccount(pqxx::work& txn, const std::string& user_id) {
  if (IsDeletedUser(txn, user_id)) {
    throw http::Forbidden("this account has been deleted");
  }
}

void CartApi::AddToLine(pqxx::work& txn, const std::string& user_id, const ReplicaProduct& product,
                        int quantity) {
  LockCart(txn, user_id);
  const int total = ItemQuantity(txn, user_id, product.id).value_or(0) + quantity;
  if (const auto violation = QuantityViolation(total, product.stock)) {
    throw FieldError("quantity", "in the cart " + *violation);
  }
  SetItemQuantity(txn, user_id, product.id, total);
}

CartView CartApi::View(pqxx::work& txn, const std::string& user_id) {
  std::vector<CartItem> items = LoadCartItems(txn, user_id);
  std::optional<AppliedPromo> promo;
  if (const std::optional<std::string> name = CartPromoCode(txn, user_id)) {
    promo = AppliedPromo{.name = *name};
    if (std::optional<StoredPromoCode> stored = FindPromoCode(txn, *name)) {
      promo->code = std::move(stored->code);
      promo->usage = LoadPromoUsage(txn, *name, user_id);
    }
  }
  return ViewCart(std::move(items), promo, std::chrono::system_clock::now());
}

http::HttpError FieldError(const std::string& field, const std::string& message) {
  return http::Unprocessable(field + " " + message, {{{"field", field}, {"message", message}}});
}

bool IsVisibleAscii(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) {
    return static_cast<unsigned char>(c) >= 0x21 && static_cast<unsigned char>(c) <= 0x7e;
  });
}

std::string ProductIdParam(const http::Request& request) {
  const std::string& id = request.PathParam("product_id");
  if (!text::IsUuid(id)) {
    throw http::NotFound("no product " + id + " here");
  }
  return id;
}

std::string RequiredProductId(const http::JsonBody& body) {
  std::string id = body.RequiredString("product_id");
  if (!text::IsUuid(id)) {
    throw FieldError("product_id", "must be a UUID");
  }
  return id;
}

int RequiredQuantity(const http::JsonBody& body) {
  const std::int64_t quantity = body.RequiredInt64("quantity");
  if (quantity < kMinQuantity || quantity > kMaxQuantity) {
    throw FieldError("quantity", "must be from " + std::to_string(kMinQuantity) + " to " +
                                     std::to_string(kMaxQuantity));
  }
  return static_cast<int>(quantity);
}

}  // namespace shop::cart
