#include "cart/domain/promo_rules.hpp"

#include <algorithm>

namespace shop::cart {
namespace {

Money EligibleSubtotal(const PromoCode& code, const std::vector<CartLine>& lines) {
  Money total;
  for (const CartLine& line : lines) {
    if (line.available &&
        (code.category_ids.empty() || code.category_ids.contains(line.category_id))) {
      total += line.Total();
    }
  }
  return total;
}

// cents * hundredths-of-a-percent / 10000, rounded half up (amounts are never negative here).
Money PercentOf(Money amount, int percent_hundredths) {
  const std::int64_t scaled = amount.cents() * percent_hundredths;
  return Money::Cents((scaled + 5000) / 10000);
}

}  // namespace

Money Subtotal(const std::vector<CartLine>& lines) {
  Money total;
  for (const CartLine& line : lines) {
    if (line.available) {
      total += line.Total();
    }
  }
  return total;
}

std::variant<Money, PromoRefusal> EvaluatePromo(const PromoCode& code,
                                                const std::vector<CartLine>& lines,
                                                const PromoUsage& usage,
                                                std::chrono::system_clock::time_point now) {
  if (code.starts_at && now < *code.starts_at) {
    return PromoRefusal{"the code " + code.code + " is not valid yet"};
  }
  if (code.expires_at && now >= *code.expires_at) {
    return PromoRefusal{"the code " + code.code + " has expired"};
  }
  if (code.max_uses && usage.total >= *code.max_uses) {
    return PromoRefusal{"the code " + code.code + " has been used up"};
  }
  if (code.per_user_limit && usage.by_user >= *code.per_user_limit) {
    return PromoRefusal{"you have used the code " + code.code + " as often as it allows"};
  }
  if (code.min_subtotal && Subtotal(lines) < *code.min_subtotal) {
    return PromoRefusal{"the code " + code.code + " needs a subtotal of at least " +
                        code.min_subtotal->ToString()};
  }
  const Money eligible = EligibleSubtotal(code, lines);
  if (eligible <= Money()) {
    return PromoRefusal{"no item in the cart qualifies for the code " + code.code};
  }
  if (code.kind == PromoKind::kPercent) {
    return PercentOf(eligible, code.percent_hundredths);
  }
  return std::min(code.fixed_amount, eligible);
}

}  // namespace shop::cart
