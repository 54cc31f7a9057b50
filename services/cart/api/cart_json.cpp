#include "cart/api/cart_json.hpp"

#include "platform/text/rfc3339.hpp"

namespace shop::cart {
namespace {

nlohmann::json OrNull(const std::optional<std::string>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json();
}

template <typename T, typename Format>
nlohmann::json OrNull(const std::optional<T>& value, Format format) {
  return value ? nlohmann::json(format(*value)) : nlohmann::json();
}

}  // namespace

nlohmann::json CartJson(const std::string& user_id, const CartView& view) {
  nlohmann::json items = nlohmann::json::array();
  for (const CartItem& item : view.items) {
    items.push_back({{"product_id", item.line.product_id},
                     {"name", item.name},
                     {"category_name", item.category_name},
                     {"unit_price", item.line.unit_price.ToString()},
                     {"quantity", item.line.quantity},
                     {"line_total", item.line.Total().ToString()},
                     {"available", item.line.available}});
  }
  return {{"user_id", user_id},
          {"items", std::move(items)},
          {"subtotal", view.subtotal.ToString()},
          {"discount", view.discount.ToString()},
          {"total", view.total.ToString()},
          {"promo_code", OrNull(view.promo_code)},
          {"promo_problem", OrNull(view.promo_problem)}};
}

nlohmann::json WishlistJson(const std::vector<WishlistEntry>& entries) {
  nlohmann::json items = nlohmann::json::array();
  for (const WishlistEntry& entry : entries) {
    items.push_back({{"product_id", entry.product_id},
                     {"name", entry.name},
                     {"category_name", entry.category_name},
                     {"unit_price", entry.unit_price},
                     {"available", entry.available}});
  }
  return {{"items", std::move(items)}};
}

nlohmann::json PromoCodeJson(const StoredPromoCode& promo) {
  const PromoCode& code = promo.code;
  const bool percent = code.kind == PromoKind::kPercent;
  const auto money = [](Money m) { return m.ToString(); };
  const auto time = [](std::chrono::system_clock::time_point t) {
    return text::FormatRfc3339Utc(t);
  };
  return {{"code", code.code},
          {"kind", percent ? "percent" : "fixed"},
          {"value", percent ? Money::Cents(code.percent_hundredths).ToString()
                            : code.fixed_amount.ToString()},
          {"min_subtotal", OrNull(code.min_subtotal, money)},
          {"max_uses", code.max_uses ? nlohmann::json(*code.max_uses) : nlohmann::json()},
          {"per_user_limit",
           code.per_user_limit ? nlohmann::json(*code.per_user_limit) : nlohmann::json()},
          {"starts_at", OrNull(code.starts_at, time)},
          {"expires_at", OrNull(code.expires_at, time)},
          {"category_ids", code.category_ids},
          {"uses", promo.uses}};
}

}  // namespace shop::cart
