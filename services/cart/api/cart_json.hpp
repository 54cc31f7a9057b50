#pragma once
// The JSON bodies of cart-service (schemas/openapi/cart.yaml). Events have their own encoding
// (events/catalog/, domain/checkout_event.hpp).

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cart/domain/cart_view.hpp"
#include "cart/store/cart_store.hpp"
#include "cart/store/promo_store.hpp"

namespace shop::cart {

nlohmann::json CartJson(const std::string& user_id, const CartView& view);
nlohmann::json WishlistJson(const std::vector<WishlistEntry>& entries);
nlohmann::json PromoCodeJson(const StoredPromoCode& promo);

}  // namespace shop::cart
