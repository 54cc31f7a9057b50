#include "cart/domain/checkout_event.hpp"

namespace shop::cart {

events::CartCheckedOut CheckedOutEvent(const std::string& checkout_id, const std::string& user_id,
                                       const CartView& view, const CheckoutTerms& terms) {
  events::CartCheckedOut event{.checkout_id = checkout_id,
                               .user_id = user_id,
                               .lines = {},
                               .subtotal = view.subtotal.ToString(),
                               .discount = view.discount.ToString(),
                               .total = view.total.ToString(),
                               .promo_code = view.promo_code,
                               .version = 1,
                               .shipping_address = terms.shipping_address,
                               .payment_token = terms.payment_token};
  for (const CartItem& item : view.items) {
    if (!item.line.available) {
      continue;
    }
    event.lines.push_back({.product_id = item.line.product_id,
                           .name = item.name,
                           .category_name = item.category_name,
                           .unit_price = item.line.unit_price.ToString(),
                           .quantity = item.line.quantity,
                           .line_total = item.line.Total().ToString(),
                           .seller_id = item.seller_id});
  }
  return event;
}

events::CartCheckedOut CheckoutRecord(events::CartCheckedOut event) {
  event.payment_token.reset();
  return event;
}

}  // namespace shop::cart
