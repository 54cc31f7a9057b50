// POST /cart/checkout with the total the client agreed to (decision 0016) and the address and
// payment token it now requires (decision 0032), end to end through the gateway on real Postgres
// and Kafka (cart_system.hpp): a price that changed in product-service after the client's GET
// /cart makes the checkout a 409 that writes nothing; a body without address or token is a 422
// that writes nothing.
#include "cart_system.hpp"

namespace shop::testing {
namespace {

using namespace std::chrono_literals;

class CartCheckoutTest : public CartSystemTest {
 protected:
  // What the checkout would have written for `user`: its cart.checked_out rows in the outbox and
  // its checkouts.
  static long long CheckoutsOf(const User& user) {
    return CartScalar(
               "SELECT count(*) FROM outbox WHERE event_type = 'cart.checked_out' AND "
               "payload->>'user_id' = '" +
               user.id + "'") +
           CartScalar("SELECT count(*) FROM checkouts WHERE user_id = '" + user.id + "'");
  }

  // The code's use count as admins see it (GET /cart/promo-codes).
  static long long UsesOf(const std::string& code) {
    const nlohmann::json codes = Json(Api("GET", "/cart/promo-codes", Admin().token));
    for (const nlohmann::json& promo : codes.at("items")) {
      if (promo.at("code") == code) {
        return promo.at("uses").get<long long>();
      }
    }
    ADD_FAILURE() << "no promo code " << code << " in " << codes;
    return -1;
  }
};

TEST_F(CartCheckoutTest, APriceChangedAfterTheClientSawTheCartIs409AndTheAgreedNewTotalChecksOut) {
  const User u = NewCustomer("olga");
  const nlohmann::json category = CreateCategory("Clocks");
  const std::string product_id = CreateProduct("Clock", "20.00", 10, category.at("id")).at("id");
  ASSERT_EQ(Add(u, product_id, 2).status, 201u);
  ASSERT_EQ(Api("POST", "/cart/promo-codes", Admin().token,
                nlohmann::json{{"code", "TIME5"}, {"kind", "fixed"}, {"value", "5"}}.dump())
                .status,
            201u);
  ASSERT_EQ(Api("POST", "/cart/promo", u.token, nlohmann::json{{"code", "TIME5"}}.dump()).status,
            200u);
  const nlohmann::json seen = CartOf(u);
  ASSERT_EQ(seen.at("total"), "35.00") << seen;

  // The price changes in product-service; the cart's replica learns it.
  ASSERT_EQ(Api("PATCH", "/api/products/" + product_id, Admin().token,
                nlohmann::json{{"price", "25.00"}}.dump())
                .status,
            200u);
  ASSERT_TRUE(WaitFor([&] { return CartOf(u).at("total") == "45.00"; }, 60s)) << CartOf(u);
  const nlohmann::json before = CartOf(u);

  const HttpResult refused = Checkout(u, {{"expected_total", seen.at("total")}});
  ASSERT_EQ(refused.status, 409u) << refused.body;
  EXPECT_EQ(refused.headers.at("content-type"), "application/problem+json");
  const nlohmann::json problem = Json(refused);
  EXPECT_EQ(problem.at("type"), "urn:shop:problem:total-changed");
  EXPECT_EQ(problem.at("expected_total"), "35.00");
  EXPECT_EQ(problem.at("current_total"), "45.00");
  // Nothing was written: no event, no checkout, the code's use not counted, the cart as it was.
  EXPECT_EQ(CheckoutsOf(u), 0);
  EXPECT_EQ(UsesOf("TIME5"), 0);
  EXPECT_EQ(CartScalar("SELECT count(*) FROM promo_redemptions"), 0);
  EXPECT_EQ(CartOf(u), before);

  const HttpResult accepted = Checkout(u, {{"expected_total", problem.at("current_total")}});
  ASSERT_EQ(accepted.status, 202u) << accepted.body;
  EXPECT_EQ(Json(accepted).at("total"), "45.00");
  EXPECT_EQ(CartScalar("SELECT count(*) FROM outbox WHERE event_type = 'cart.checked_out' AND "
                       "key = '" +
                       Json(accepted).at("checkout_id").get<std::string>() +
                       "' AND payload->>'total' = '45.00'"),
            1);
  EXPECT_EQ(UsesOf("TIME5"), 1);
  EXPECT_TRUE(CartOf(u).at("items").empty());
}

TEST_F(CartCheckoutTest, TheCheckoutBodyIsCheckedAndOlderClientsLearnWhatIsNowRequired) {
  const User u = NewCustomer("pavel");
  const nlohmann::json category = CreateCategory("Pens");
  const std::string product_id = CreateProduct("Pen", "3.10", 10, category.at("id")).at("id");
  ASSERT_EQ(Add(u, product_id, 1).status, 201u);

  // Clients written before issue 12 (no body, {}, only the total) are told both missing members
  // at once (decision 0032), and nothing is written.
  for (const std::string& old_body :
       {std::string(), std::string("{}"), std::string(R"({"expected_total":"3.10"})")}) {
    const HttpResult refused = Api("POST", "/cart/checkout", u.token, old_body);
    ASSERT_EQ(refused.status, 422u) << old_body << ": " << refused.body;
    const nlohmann::json errors = Json(refused).at("errors");
    ASSERT_EQ(errors.size(), 2u) << refused.body;
    EXPECT_EQ(errors[0].at("field"), "shipping_address");
    EXPECT_EQ(errors[1].at("field"), "payment_token");
  }

  // A field this version does not know is refused, not ignored: a client relying on it must not
  // get a checkout without it.
  const HttpResult unknown = Checkout(u, {{"expected_total", "3.10"}, {"gift_note", "hi"}});
  EXPECT_EQ(unknown.status, 422u) << unknown.body;
  EXPECT_NE(unknown.body.find("gift_note"), std::string::npos) << unknown.body;
  EXPECT_EQ(Checkout(u, {{"expected_total", 3.10}}).status, 422u) << "a number, not a string";
  EXPECT_EQ(Checkout(u, {{"expected_total", "3.1.0"}}).status, 422u);
  const HttpResult lower_case = Checkout(u, {{"shipping_address", {{"country", "us"}}}});
  EXPECT_EQ(lower_case.status, 422u) << lower_case.body;
  EXPECT_NE(lower_case.body.find("country"), std::string::npos) << lower_case.body;
  EXPECT_EQ(Checkout(u, {{"shipping_address", {{"city", nullptr}}}}).status, 422u);
  const std::string spaced_token = std::string(kPaymentToken) + " 2";
  const HttpResult bad_token = Checkout(u, {{"payment_token", spaced_token}});
  EXPECT_EQ(bad_token.status, 422u) << bad_token.body;
  EXPECT_EQ(bad_token.body.find(kPaymentToken), std::string::npos) << "the token is never quoted";
  EXPECT_EQ(Api("POST", "/cart/checkout", u.token, "[1]").status, 400u);
  EXPECT_EQ(Api("POST", "/cart/checkout", u.token, "{", {{"Content-Type", "text/plain"}}).status,
            415u);
  EXPECT_EQ(CheckoutsOf(u), 0);
  EXPECT_EQ(CartOf(u).at("items").size(), 1u);

  // "3.1" is the same amount as "3.10"; without expected_total the cart is charged as it stands.
  EXPECT_EQ(Checkout(u, {{"expected_total", "3.1"}}).status, 202u);
  ASSERT_EQ(Add(u, product_id, 1).status, 201u);
  EXPECT_EQ(Checkout(u).status, 202u);
  EXPECT_EQ(CheckoutsOf(u), 4);  // two outbox rows and two checkouts
}

}  // namespace
}  // namespace shop::testing
