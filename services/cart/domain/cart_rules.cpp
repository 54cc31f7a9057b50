#include "cart/domain/cart_rules.hpp"

namespace shop::cart {

std::optional<std::string> QuantityViolation(long long quantity, long long stock) {
  if (quantity < kMinQuantity || quantity > kMaxQuantity) {
    return "must be from " + std::to_string(kMinQuantity) + " to " + std::to_string(kMaxQuantity);
  }
  if (quantity > stock) {
    return "must not exceed the stock of " + std::to_string(stock < 0 ? 0 : stock);
  }
  return std::nullopt;
}

}  // namespace shop::cart
