// POST /cart/checkout (api/cart_routes.hpp): in one transaction, under the cart's row lock,
// checks the cart and the total the client agreed to (decision 0016), counts the promo use (at
// most max_uses, whatever the concurrency), records the checkout (without the payment token),
// writes cart.checked_out (with the address, the token and the lines' sellers; decision 0032) to
// the outbox and empties the cart. The answer's checkout_id is the order's id.
#include <nlohmann/json.hpp>

#include "cart/api/cart_api.hpp"
#include "cart/api/checkout_request.hpp"
#include "cart/domain/checkout_event.hpp"
#include "cart/store/cart_store.hpp"
#include "cart/store/promo_store.hpp"
#include "events/uuid_v7.hpp"
#include "platform/http/problem.hpp"

namespace shop::cart {
namespace {

struct Checkout {
  std::string id;
  Money total;
};

// 422 when the cart holds nothing to buy or more of a product than is in stock.
void RequireBuyable(const CartView& view) {
  bool any = false;
  for (const CartItem& item : view.items) {
    if (!item.line.available) {
      continue;
    }
    any = true;
    if (item.line.quantity > item.stock) {
      throw http::Unprocessable("only " + std::to_string(item.stock) + " of " + item.name +
                                " are in stock; lower the quantity");
    }
  }
  if (!any) {
    throw http::Unprocessable("the cart holds nothing that can be bought");
  }
}

// 409 with both figures when the cart's total is not the one the client agreed to.
void RequireAgreedTotal(const CheckoutTerms& terms, Money total) {
  const std::optional<TotalChanged> changed = CheckAgreedTotal(terms, total);
  if (!changed) {
    return;
  }
  http::Problem problem{.status = 409,
                        .type = "urn:shop:problem:total-changed",
                        .title = "The total changed",
                        .detail = "the cart's total is " + changed->current.ToString() + ", not " +
                                  changed->expected.ToString() +
                                  " as expected (a price or the cart changed); check the cart "
                                  "and check out with the new total"};
  problem.extensions = {{"expected_total", changed->expected.ToString()},
                        {"current_total", changed->current.ToString()}};
  throw http::HttpError(std::move(problem));
}

struct CheckoutRoute {
  std::shared_ptr<const CartApi> api;

  Checkout Run(pqxx::work& txn, const std::string& user_id, const CheckoutTerms& terms,
               const http::Request& request) const {
    CartApi::RequireLiveAccount(txn, user_id);
    LockCart(txn, user_id);
    const CartView view = CartApi::View(txn, user_id);
    RequireBuyable(view);
    if (view.promo_problem) {
      throw http::Unprocessable(*view.promo_problem + "; remove the code to check out without it");
    }
    RequireAgreedTotal(terms, view.total);  // before anything is written
    const std::string checkout_id = events::NewUuidV7();
    if (view.promo_code) {
      if (!CountPromoUse(txn, *view.promo_code)) {
        throw http::Unprocessable("the code " + *view.promo_code +
                                  " has just been used up; remove it to check out without it");
      }
      RecordRedemption(txn, checkout_id, *view.promo_code, user_id, view.discount);
    }
    const events::CartCheckedOut event = CheckedOutEvent(checkout_id, user_id, view, terms);
    RecordCheckout(txn, checkout_id, user_id, view.total, CheckoutRecord(event).ToJson());
    api->outbox.Append(txn, event, request.traceparent);
    EmptyCart(txn, user_id);
    return {.id = checkout_id, .total = view.total};
  }

  http::Response Post(http::Request& request) const {
    const std::string user_id = api->Caller(request);
    const CheckoutTerms terms = ParseCheckoutRequest(request);
    const Checkout checkout = api->pool.WithTransaction(
        [&](pqxx::work& txn) { return Run(txn, user_id, terms, request); });
    return http::JsonResponse(
        202,
        nlohmann::json{{"checkout_id", checkout.id}, {"total", checkout.total.ToString()}}.dump());
  }
};

}  // namespace

void AddCheckoutRoute(http::Router& router, std::shared_ptr<const CartApi> api) {
  auto route = std::make_shared<const CheckoutRoute>(CheckoutRoute{std::move(api)});
  router.Add(http::Method::kPost, "/cart/checkout",
             [route](http::Request& r) { return route->Post(r); });
}

}  // namespace shop::cart
