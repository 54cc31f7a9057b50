#include "cart/domain/checkout_terms.hpp"

namespace shop::cart {

std::optional<TotalChanged> CheckAgreedTotal(const CheckoutTerms& terms, Money current) {
  if (!terms.expected_total || *terms.expected_total == current) {
    return std::nullopt;
  }
  return TotalChanged{.expected = *terms.expected_total, .current = current};
}

}  // namespace shop::cart
