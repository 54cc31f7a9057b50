#pragma once
// What GET /cart shows and checkout charges: the lines with their totals, the subtotal of the
// available lines, the applied code's discount (or why it gives none now) and the total. Pure.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "cart/domain/promo_rules.hpp"

namespace shop::cart {

// A cart line with what the product replica knows of its product.
struct CartItem {
  CartLine line;
  std::string name;
  std::string category_name;
  long long stock = 0;
  std::optional<std::string> seller_id{};  // the product's seller, when the replica knows one
};

// The code applied to a cart as the store found it: `code` is nullopt when no such code exists.
struct AppliedPromo {
  std::string name;
  std::optional<PromoCode> code{};
  PromoUsage usage{};
};

struct CartView {
  std::vector<CartItem> items;
  Money subtotal{};
  Money discount{};
  Money total{};
  std::optional<std::string> promo_code{};
  std::optional<std::string> promo_problem{};  // why the applied code gives no discount now
};

CartView ViewCart(std::vector<CartItem> items, const std::optional<AppliedPromo>& promo,
                  std::chrono::system_clock::time_point now);

// The lines of `items`, for the promo rules.
std::vector<CartLine> LinesOf(const std::vector<CartItem>& items);

}  // namespace shop::cart
