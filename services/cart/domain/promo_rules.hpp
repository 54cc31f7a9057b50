#pragma once
// Promo codes: whether a code applies to a cart, and the exact discount. Pure: the caller loads
// the code, the caller's cart lines and the code's usage counts, and supplies the time.
//
// Rules, checked in this order (the first failing one is the reason given):
//   not yet started (now < starts_at), expired (now >= expires_at), used up (max_uses),
//   used up by this user (per_user_limit), minimum subtotal (of every available line),
//   nothing eligible (category restriction: only lines of the listed categories count).
// Percent: the eligible subtotal times the percentage, rounded half up to the cent.
// Fixed: the value, but never more than the eligible subtotal.

#include <chrono>
#include <optional>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include "cart/domain/money.hpp"

namespace shop::cart {

enum class PromoKind { kPercent, kFixed };

struct PromoCode {
  std::string code;
  PromoKind kind = PromoKind::kPercent;
  int percent_hundredths = 0;  // kPercent: 1250 = 12.50 %, 1..10000
  Money fixed_amount{};        // kFixed
  std::optional<Money> min_subtotal{};
  std::optional<int> max_uses{};
  std::optional<int> per_user_limit{};
  std::optional<std::chrono::system_clock::time_point> starts_at{};
  std::optional<std::chrono::system_clock::time_point> expires_at{};
  std::set<std::string> category_ids{};  // empty: every category
};

struct PromoUsage {
  int total = 0;    // checkouts that used the code, all users
  int by_user = 0;  // checkouts of this user that used it
};

struct CartLine {
  std::string product_id;
  std::string category_id;
  Money unit_price{};
  int quantity = 0;
  bool available = true;  // false: the product was deleted; out of every total
  Money Total() const { return unit_price * quantity; }
};

struct PromoRefusal {
  std::string reason;  // one sentence for the 422 detail
};

// The discount `code` gives on `lines`, or why it does not apply.
std::variant<Money, PromoRefusal> EvaluatePromo(const PromoCode& code,
                                                const std::vector<CartLine>& lines,
                                                const PromoUsage& usage,
                                                std::chrono::system_clock::time_point now);

// Subtotal of the available lines.
Money Subtotal(const std::vector<CartLine>& lines);

}  // namespace shop::cart
