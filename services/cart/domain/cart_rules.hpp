#pragma once
// Rules of cart lines. Pure.

#include <optional>
#include <string>

namespace shop::cart {

inline constexpr int kMinQuantity = 1;
inline constexpr int kMaxQuantity = 99;

// Why `quantity` of a product with `stock` in store cannot be in a cart, or nullopt.
std::optional<std::string> QuantityViolation(long long quantity, long long stock);

}  // namespace shop::cart
