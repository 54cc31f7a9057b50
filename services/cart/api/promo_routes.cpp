// POST/GET /cart/promo-codes (admins) and POST/DELETE /cart/promo (api/cart_routes.hpp).
#include <limits>
#include <nlohmann/json.hpp>

#include "cart/api/cart_api.hpp"
#include "cart/api/cart_json.hpp"
#include "cart/domain/promo_input.hpp"
#include "cart/store/cart_store.hpp"
#include "cart/store/promo_store.hpp"
#include "platform/http/problem.hpp"
#include "platform/text/uuid.hpp"

namespace shop::cart {
namespace {

// JSON null or absent: nullopt.
std::optional<std::string> NullableString(const http::JsonBody& body, std::string_view key) {
  return body.IsNull(key) ? std::nullopt : body.OptionalString(key);
}

std::optional<int> PositiveCount(const http::JsonBody& body, const std::string& key) {
  if (body.IsNull(key)) {
    return std::nullopt;
  }
  const std::optional<std::int64_t> value = body.OptionalInt64(key);
  if (value && (*value < 1 || *value > std::numeric_limits<std::int32_t>::max())) {
    throw FieldError(key, "must be from 1 to 2147483647");
  }
  return value ? std::optional<int>(static_cast<int>(*value)) : std::nullopt;
}

std::optional<std::chrono::system_clock::time_point> Timestamp(const http::JsonBody& body,
                                                               const std::string& key) {
  const std::optional<std::string> text = NullableString(body, key);
  if (!text) {
    return std::nullopt;
  }
  const auto time = ParseTimestamp(*text);
  if (!time) {
    throw FieldError(key, "must be an RFC 3339 date-time with a time zone, in the years " +
                              std::to_string(kMinPromoYear) + " to " +
                              std::to_string(kMaxPromoYear));
  }
  return time;
}

std::set<std::string> CategoryIds(const http::JsonBody& body) {
  const std::optional<std::string> raw = body.OptionalRawJson("category_ids");
  std::set<std::string> ids;
  if (!raw || *raw == "null") {
    return ids;
  }
  const nlohmann::json list = nlohmann::json::parse(*raw);
  if (!list.is_array()) {
    throw FieldError("category_ids", "must be an array of category ids");
  }
  for (const nlohmann::json& id : list) {
    if (!id.is_string() || !text::IsUuid(id.get<std::string>())) {
      throw FieldError("category_ids", "must hold UUIDs only");
    }
    ids.insert(id.get<std::string>());
  }
  return ids;
}

PromoCode ParsePromoCode(const http::Request& request) {
  const http::JsonBody body(request);
  PromoCode code;
  const std::optional<std::string> name = NormalizePromoCode(body.RequiredString("code"));
  if (!name) {
    throw FieldError("code", "must be 1 to 40 letters, digits, '_' or '-'");
  }
  code.code = *name;
  const std::string kind = body.RequiredString("kind");
  const std::string value = body.RequiredString("value");
  if (kind == "percent") {
    code.kind = PromoKind::kPercent;
    const std::optional<int> percent = ParsePercent(value);
    if (!percent) {
      throw FieldError("value", "must be a percentage above 0 and at most 100, as \"12.5\"");
    }
    code.percent_hundredths = *percent;
  } else if (kind == "fixed") {
    code.kind = PromoKind::kFixed;
    const std::optional<Money> amount = Money::Parse(value);
    if (!amount || *amount <= Money()) {
      throw FieldError("value", "must be an amount above 0 with at most two decimals");
    }
    code.fixed_amount = *amount;
  } else {
    throw FieldError("kind", "must be percent or fixed");
  }
  if (const std::optional<std::string> min = NullableString(body, "min_subtotal")) {
    code.min_subtotal = Money::Parse(*min);
    if (!code.min_subtotal) {
      throw FieldError("min_subtotal", "must be an amount with at most two decimals");
    }
  }
  code.max_uses = PositiveCount(body, "max_uses");
  code.per_user_limit = PositiveCount(body, "per_user_limit");
  code.starts_at = Timestamp(body, "starts_at");
  code.expires_at = Timestamp(body, "expires_at");
  if (code.starts_at && code.expires_at && *code.expires_at <= *code.starts_at) {
    throw FieldError("expires_at", "must be after starts_at");
  }
  code.category_ids = CategoryIds(body);
  return code;
}

struct PromoRoutes {
  std::shared_ptr<const CartApi> api;

  void RequireAdmin(const http::Request& request) const {
    auth::RequireRole(api->authenticator.Authenticate(request), {"admin"});
  }

  http::Response Create(http::Request& request) const {
    RequireAdmin(request);
    const PromoCode code = ParsePromoCode(request);
    const bool created =
        api->pool.WithTransaction([&](pqxx::work& txn) { return InsertPromoCode(txn, code); });
    if (!created) {
      throw http::Conflict("the promo code " + code.code + " exists already");
    }
    return http::JsonResponse(201, PromoCodeJson({.code = code, .uses = 0}).dump());
  }

  http::Response List(http::Request& request) const {
    RequireAdmin(request);
    const auto codes =
        api->pool.WithTransaction([](pqxx::work& txn) { return ListPromoCodes(txn); });
    nlohmann::json items = nlohmann::json::array();
    for (const StoredPromoCode& code : codes) {
      items.push_back(PromoCodeJson(code));
    }
    return http::JsonResponse(200, nlohmann::json{{"items", std::move(items)}}.dump());
  }

  // Applies a code to the caller's cart when it gives a discount now; 422 with the reason else.
  http::Response Apply(http::Request& request) const {
    const std::string user_id = api->Caller(request);
    const std::string raw = http::JsonBody(request).RequiredString("code");
    const std::optional<std::string> name = NormalizePromoCode(raw);
    if (!name) {
      throw FieldError("code", "is not a promo code");
    }
    return api->pool.WithTransaction([&](pqxx::work& txn) {
      CartApi::RequireLiveAccount(txn, user_id);
      LockCart(txn, user_id);
      if (!FindPromoCode(txn, *name)) {
        throw FieldError("code", "is not a promo code");
      }
      // Applied, then judged as GET /cart would show it: a code that gives no discount now is
      // refused (the transaction, and with it the change, is rolled back).
      SetCartPromoCode(txn, user_id, *name);
      const CartView view = CartApi::View(txn, user_id);
      if (view.promo_problem) {
        throw FieldError("code", *view.promo_problem);
      }
      return http::JsonResponse(200, CartJson(user_id, view).dump());
    });
  }

  http::Response Remove(http::Request& request) const {
    const std::string user_id = api->Caller(request);
    api->pool.WithTransaction(
        [&](pqxx::work& txn) { SetCartPromoCode(txn, user_id, std::nullopt); });
    return http::EmptyResponse(204);
  }
};

}  // namespace

void AddPromoRoutes(http::Router& router, std::shared_ptr<const CartApi> api) {
  auto routes = std::make_shared<const PromoRoutes>(PromoRoutes{std::move(api)});
  router.Add(http::Method::kPost, "/cart/promo-codes",
             [routes](http::Request& r) { return routes->Create(r); });
  router.Add(http::Method::kGet, "/cart/promo-codes",
             [routes](http::Request& r) { return routes->List(r); });
  router.Add(http::Method::kPost, "/cart/promo",
             [routes](http::Request& r) { return routes->Apply(r); });
  router.Add(http::Method::kDelete, "/cart/promo",
             [routes](http::Request& r) { return routes->Remove(r); });
}

}  // namespace shop::cart
