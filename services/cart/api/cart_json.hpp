#pragma once
// The JSON bodies of cart-service (schemas/openapi/cart.yaml) and the data of cart.checked_out
// (schemas/events/cart.checked_out/v1.json).

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
// The available lines only: what was bought.
nlohmann::json CheckedOutData(const std::string& checkout_id, const std::string& user_id,
                              const CartView& view);

}  // namespace shop::cart
