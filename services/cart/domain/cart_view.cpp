#include "cart/domain/cart_view.hpp"

namespace shop::cart {

std::vector<CartLine> LinesOf(const std::vector<CartItem>& items) {
  std::vector<CartLine> lines;
  lines.reserve(items.size());
  for (const CartItem& item : items) {
    lines.push_back(item.line);
  }
  return lines;
}

CartView ViewCart(std::vector<CartItem> items, const std::optional<AppliedPromo>& promo,
                  std::chrono::system_clock::time_point now) {
  CartView view;
  const std::vector<CartLine> lines = LinesOf(items);
  view.items = std::move(items);
  view.subtotal = Subtotal(lines);
  if (promo) {
    view.promo_code = promo->name;
    if (!promo->code) {
      view.promo_problem = "the code " + promo->name + " no longer exists";
    } else {
      const auto outcome = EvaluatePromo(*promo->code, lines, promo->usage, now);
      if (const Money* discount = std::get_if<Money>(&outcome)) {
        view.discount = *discount;
      } else {
        view.promo_problem = std::get<PromoRefusal>(outcome).reason;
      }
    }
  }
  view.total = view.subtotal - view.discount;
  return view;
}

}  // namespace shop::cart
