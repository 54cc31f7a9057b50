// cart-service end to end, through the gateway, on real Postgres and Kafka (cart_system.hpp).
#include <fstream>
#include <sstream>
#include <thread>

#include "cart_system.hpp"
#include "schemathesis_run.hpp"

namespace shop::testing {
namespace {

using namespace std::chrono_literals;

// The first line of `cart` for `product_id`, or null.
nlohmann::json LineOf(const nlohmann::json& cart, const std::string& product_id) {
  for (const nlohmann::json& item : cart.value("items", nlohmann::json::array())) {
    if (item.at("product_id") == product_id) {
      return item;
    }
  }
  return nullptr;
}

class CartE2eTest : public CartSystemTest {
 protected:
  // A category and one product in it, as admin.
  struct Stock {
    nlohmann::json category;
    nlohmann::json product;
  };
  static Stock NewStock(const std::string& name, const std::string& price, int stock = 50) {
    nlohmann::json category = CreateCategory(name + " category");
    nlohmann::json product = CreateProduct(name, price, stock, category.at("id"));
    return {.category = std::move(category), .product = std::move(product)};
  }
};

TEST_F(CartE2eTest, TheCartFollowsACategoryRenameAPriceChangeAndADeletion) {
  const User ada = NewCustomer("ada");
  const Stock stock = NewStock("Lamp", "12.50");
  const std::string product_id = stock.product.at("id");

  const HttpResult added = Add(ada, product_id, 2);
  ASSERT_EQ(added.status, 201u) << added.body;
  nlohmann::json cart = CartOf(ada);
  nlohmann::json line = LineOf(cart, product_id);
  ASSERT_FALSE(line.is_null()) << cart;
  EXPECT_EQ(line.at("name"), "Lamp");
  EXPECT_EQ(line.at("category_name"), "Lamp category");
  EXPECT_EQ(line.at("unit_price"), "12.50");
  EXPECT_EQ(line.at("line_total"), "25.00");
  EXPECT_EQ(line.at("available"), true);
  EXPECT_EQ(cart.at("subtotal"), "25.00");
  EXPECT_EQ(cart.at("total"), "25.00");

  const std::string category_path = "/api/categories/" + stock.category.at("id").get<std::string>();
  ASSERT_EQ(Api("PATCH", category_path, Admin().token, nlohmann::json{{"name", "Lighting"}}.dump())
                .status,
            200u);
  EXPECT_TRUE(WaitFor(
      [&] { return LineOf(CartOf(ada), product_id).at("category_name") == "Lighting"; }, 60s))
      << CartOf(ada);

  const std::string product_path = "/api/products/" + product_id;
  ASSERT_EQ(
      Api("PATCH", product_path, Admin().token, nlohmann::json{{"price", "10.05"}}.dump()).status,
      200u);
  EXPECT_TRUE(WaitFor([&] { return CartOf(ada).at("total") == "20.10"; }, 60s)) << CartOf(ada);
  EXPECT_EQ(LineOf(CartOf(ada), product_id).at("category_name"), "Lighting");

  ASSERT_EQ(Api("DELETE", product_path, Admin().token).status, 204u);
  EXPECT_TRUE(
      WaitFor([&] { return LineOf(CartOf(ada), product_id).at("available") == false; }, 60s))
      << CartOf(ada);
  cart = CartOf(ada);
  EXPECT_EQ(cart.at("subtotal"), "0.00");
  EXPECT_EQ(cart.at("total"), "0.00");
  EXPECT_EQ(Add(ada, product_id, 1).status, 422u) << "a deleted product cannot be added";
}

TEST_F(CartE2eTest, AUserCanNeitherSeeNorChangeAnotherUsersCartOrWishlist) {
  const User a = NewCustomer("alice");
  const User b = NewCustomer("bob");
  const std::string product_id = NewStock("Kettle", "30.00").product.at("id");
  ASSERT_EQ(Add(a, product_id, 3).status, 201u);
  ASSERT_EQ(
      Api("POST", "/cart/wishlist", a.token, nlohmann::json{{"product_id", product_id}}.dump())
          .status,
      201u);

  // Every route of b's reaches b's own cart and wishlist only.
  EXPECT_TRUE(CartOf(b).at("items").empty());
  EXPECT_TRUE(Json(Api("GET", "/cart/wishlist", b.token)).at("items").empty());
  EXPECT_EQ(
      Api("PATCH", "/cart/items/" + product_id, b.token, nlohmann::json{{"quantity", 1}}.dump())
          .status,
      404u);
  EXPECT_EQ(Api("DELETE", "/cart/items/" + product_id, b.token).status, 404u);
  EXPECT_EQ(Api("DELETE", "/cart/wishlist/" + product_id, b.token).status, 404u);
  EXPECT_EQ(Api("POST", "/cart/wishlist/" + product_id + "/move-to-cart", b.token).status, 404u);
  EXPECT_EQ(Api("DELETE", "/cart", b.token).status, 204u);
  EXPECT_EQ(Checkout(b).status, 422u) << "b's own cart is empty";
  // A user id in a body is not a way in: the line lands in b's own cart.
  const HttpResult smuggled =
      Api("POST", "/cart/items", b.token,
          nlohmann::json{{"product_id", product_id}, {"quantity", 1}, {"user_id", a.id}}.dump());
  ASSERT_EQ(smuggled.status, 201u) << smuggled.body;
  EXPECT_EQ(Json(smuggled).at("user_id"), b.id);

  EXPECT_EQ(Api("GET", "/cart/users/" + a.id, b.token).status, 404u);
  EXPECT_EQ(Api("GET", "/cart/users/" + a.id, "").status, 401u);
  const HttpResult as_admin = Api("GET", "/cart/users/" + a.id, Admin().token);
  ASSERT_EQ(as_admin.status, 200u) << as_admin.body;
  EXPECT_EQ(LineOf(Json(as_admin), product_id).at("quantity"), 3);

  const nlohmann::json a_cart = CartOf(a);
  EXPECT_EQ(LineOf(a_cart, product_id).at("quantity"), 3) << a_cart;
  EXPECT_EQ(Json(Api("GET", "/cart/wishlist", a.token)).at("items").size(), 1u);
}

TEST_F(CartE2eTest, ACategoryRestrictedPercentCodeDiscountsOnlyItsLinesToTheCent) {
  const User u = NewCustomer("carol");
  const Stock books = NewStock("Atlas", "19.99");
  const Stock tools = NewStock("Hammer", "5.00");
  const HttpResult code = Api("POST", "/cart/promo-codes", Admin().token,
                              nlohmann::json{{"code", "books15"},
                                             {"kind", "percent"},
                                             {"value", "15"},
                                             {"category_ids", {books.category.at("id")}}}
                                  .dump());
  ASSERT_EQ(code.status, 201u) << code.body;
  EXPECT_EQ(Json(code).at("code"), "BOOKS15");
  EXPECT_EQ(Api("POST", "/cart/promo-codes", u.token,
                nlohmann::json{{"code", "MINE"}, {"kind", "fixed"}, {"value", "5"}}.dump())
                .status,
            403u);

  // Nothing of the category in the cart yet: the reason, not a silent zero.
  ASSERT_EQ(Add(u, tools.product.at("id"), 1).status, 201u);
  const HttpResult early =
      Api("POST", "/cart/promo", u.token, nlohmann::json{{"code", "books15"}}.dump());
  EXPECT_EQ(early.status, 422u);
  EXPECT_NE(early.body.find("qualifies"), std::string::npos) << early.body;

  ASSERT_EQ(Add(u, books.product.at("id"), 3).status, 201u);
  const HttpResult applied =
      Api("POST", "/cart/promo", u.token, nlohmann::json{{"code", "books15"}}.dump());
  ASSERT_EQ(applied.status, 200u) << applied.body;
  const nlohmann::json cart = Json(applied);
  // 3 x 19.99 = 59.97 eligible; 15 % = 8.9955 -> 9.00. The hammer gets nothing.
  EXPECT_EQ(cart.at("subtotal"), "64.97");
  EXPECT_EQ(cart.at("discount"), "9.00");
  EXPECT_EQ(cart.at("total"), "55.97");
  EXPECT_EQ(cart.at("promo_code"), "BOOKS15");
  EXPECT_EQ(CartOf(u).at("discount"), "9.00");

  EXPECT_EQ(Api("POST", "/cart/promo", u.token, nlohmann::json{{"code", "NOPE"}}.dump()).status,
            422u);
  ASSERT_EQ(Api("DELETE", "/cart/promo", u.token).status, 204u);
  EXPECT_EQ(CartOf(u).at("discount"), "0.00");
}

// The checkout's event as Kafka's own console consumer reads it: "<key>|<value>" lines.
std::string CheckedOutEventOnKafka(const std::string& checkout_id) {
  std::string found;
  WaitFor(
      [&] {
        const auto [status, output] = RunCommand(
            "java -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 "
            "-Dlog4j.configuration=file:" SHOP_SOURCE_DIR
            "/deploy/local/kafka/tools-log4j.properties -cp '" +
            RequiredEnv("SHOP_KAFKA_LIBS") +
            "/*' org.apache.kafka.tools.consumer.ConsoleConsumer --bootstrap-server " +
            KafkaBootstrap() +
            " --topic cart.checked_out --from-beginning --timeout-ms 8000"
            " --property print.key=true --property key.separator='|' 2>/dev/null");
        std::istringstream lines(output);
        for (std::string line; std::getline(lines, line);) {
          if (line.starts_with(checkout_id + "|")) {
            found = line.substr(checkout_id.size() + 1);
            return true;
          }
        }
        return false;
      },
      90s);
  return found;
}

TEST_F(CartE2eTest, CheckoutPublishesAValidCheckedOutEventAndEmptiesTheCart) {
  const User u = NewCustomer("dave");
  const Stock stock = NewStock("Chair", "45.10", 5);
  ASSERT_EQ(Add(u, stock.product.at("id"), 2).status, 201u);
  const nlohmann::json address = {{"name", "Dave Cutler"},  {"line1", "1 Microsoft Way"},
                                  {"line2", "Building 7"},  {"city", "Redmond"},
                                  {"postal_code", "98052"}, {"country", "US"}};
  const HttpResult checkout = Checkout(u, {{"shipping_address", address}});
  ASSERT_EQ(checkout.status, 202u) << checkout.body;
  const std::string checkout_id = Json(checkout).at("checkout_id");
  EXPECT_EQ(Json(checkout).at("total"), "90.20");
  EXPECT_EQ(checkout.body.find(kPaymentToken), std::string::npos) << "never answered";
  EXPECT_TRUE(CartOf(u).at("items").empty());
  EXPECT_EQ(Checkout(u).status, 422u) << "an empty cart";
  // The gateway started a trace for the request; the event carries it to Kafka.
  EXPECT_EQ(CartScalar("SELECT count(*) FROM outbox WHERE key = '" + checkout_id +
                       "' AND headers->>'traceparent' LIKE '00-%-01'"),
            1);

  const std::string value = CheckedOutEventOnKafka(checkout_id);
  ASSERT_FALSE(value.empty()) << "cart.checked_out " << checkout_id << " never reached Kafka";
  const nlohmann::json data = nlohmann::json::parse(value);
  EXPECT_EQ(data.at("user_id"), u.id);
  ASSERT_EQ(data.at("lines").size(), 1u);
  EXPECT_EQ(data.at("lines")[0].at("name"), "Chair");
  EXPECT_EQ(data.at("lines")[0].at("category_name"), "Chair category");
  EXPECT_EQ(data.at("lines")[0].at("unit_price"), "45.10");
  EXPECT_EQ(data.at("lines")[0].at("seller_id"), Admin().id) << "the admin created the product";
  EXPECT_EQ(data.at("total"), "90.20");
  EXPECT_EQ(data.at("shipping_address"), address);
  EXPECT_EQ(data.at("payment_token"), kPaymentToken);
  // The token leaves the cart in the event only: not in its own record of the checkout, not in
  // the logs of the gateway or of cart-service.
  EXPECT_EQ(CartScalar("SELECT count(*) FROM checkouts WHERE id = '" + checkout_id +
                       "' AND data->'shipping_address'->>'city' = 'Redmond' AND NOT data ? "
                       "'payment_token'"),
            1);
  for (const std::string& log : {cart().log_file(), gateway().log_file()}) {
    std::ifstream file(log);
    const std::string text((std::istreambuf_iterator<char>(file)),
                           std::istreambuf_iterator<char>());
    EXPECT_FALSE(text.empty()) << log;
    EXPECT_EQ(text.find(kPaymentToken), std::string::npos) << log;
  }

  const auto [status, output] = ValidateEventData("cart.checked_out", value);
  EXPECT_EQ(status, 0) << output;
  EXPECT_NE(output.find("validated 1 events, 0 problems"), std::string::npos) << output;
}

TEST_F(CartE2eTest, TwoConcurrentCheckoutsShareACodeWithMaxUsesOneOnlyOnce) {
  const Stock stock = NewStock("Desk", "100.00");
  ASSERT_EQ(
      Api("POST", "/cart/promo-codes", Admin().token,
          nlohmann::json{{"code", "ONCE"}, {"kind", "fixed"}, {"value", "10"}, {"max_uses", 1}}
              .dump())
          .status,
      201u);
  const User first = NewCustomer("erin");
  const User second = NewCustomer("frank");
  for (const User* user : {&first, &second}) {
    ASSERT_EQ(Add(*user, stock.product.at("id"), 1).status, 201u);
    ASSERT_EQ(
        Api("POST", "/cart/promo", user->token, nlohmann::json{{"code", "ONCE"}}.dump()).status,
        200u);
  }
  HttpResult results[2];
  std::thread racers[2];
  for (int i = 0; i < 2; ++i) {
    racers[i] = std::thread([&, i] { results[i] = Checkout(i == 0 ? first : second); });
  }
  for (std::thread& racer : racers) {
    racer.join();
  }
  const int accepted = (results[0].status == 202) + (results[1].status == 202);
  const int refused = (results[0].status == 422) + (results[1].status == 422);
  EXPECT_EQ(accepted, 1) << results[0].body << " / " << results[1].body;
  EXPECT_EQ(refused, 1) << results[0].body << " / " << results[1].body;
  const nlohmann::json codes = Json(Api("GET", "/cart/promo-codes", Admin().token));
  EXPECT_EQ(codes.at("items")[0].at("uses"), 1);
  EXPECT_EQ(CartScalar("SELECT count(*) FROM promo_redemptions WHERE code = 'ONCE'"), 1);
  // The refused cart is intact, and checks out without the code once it is removed.
  const User& loser = results[0].status == 422 ? first : second;
  EXPECT_EQ(CartOf(loser).at("items").size(), 1u);
  ASSERT_EQ(Api("DELETE", "/cart/promo", loser.token).status, 204u);
  const HttpResult retried = Checkout(loser);
  EXPECT_EQ(retried.status, 202u) << retried.body;
  EXPECT_EQ(Json(retried).at("total"), "100.00");
}

TEST_F(CartE2eTest, AUserDeletedInAuthLosesCartAndWishlist) {
  const User gone = NewCustomer("grace");
  const User stays = NewCustomer("heidi");
  const std::string product_id = NewStock("Rug", "80.00").product.at("id");
  for (const User* user : {&gone, &stays}) {
    ASSERT_EQ(Add(*user, product_id, 1).status, 201u);
    ASSERT_EQ(Api("POST", "/cart/wishlist", user->token,
                  nlohmann::json{{"product_id", product_id}}.dump())
                  .status,
              201u);
  }
  ASSERT_EQ(Api("DELETE", "/auth/users/" + gone.id, Admin().token).status, 204u);
  const auto rows_of = [&](const std::string& table, const std::string& user_id) {
    return CartScalar("SELECT count(*) FROM " + table + " WHERE user_id = '" + user_id + "'");
  };
  EXPECT_TRUE(WaitFor(
      [&] {
        return rows_of("cart_items", gone.id) == 0 && rows_of("wishlist_items", gone.id) == 0 &&
               rows_of("carts", gone.id) == 0;
      },
      60s));
  EXPECT_TRUE(Json(Api("GET", "/cart/users/" + gone.id, Admin().token)).at("items").empty());
  // The deleted account's token is still valid for a while: it cannot make a new cart.
  EXPECT_EQ(Add(gone, product_id, 1).status, 403u);
  EXPECT_EQ(rows_of("cart_items", stays.id), 1);
  EXPECT_EQ(rows_of("wishlist_items", stays.id), 1);
}

TEST_F(CartE2eTest, TheSameIdempotencyKeyAddsOnce) {
  const User u = NewCustomer("ivan");
  const std::string product_id = NewStock("Mug", "7.25").product.at("id");
  const std::map<std::string, std::string> key = {{"Idempotency-Key", "add-mug-1"}};
  const HttpResult first = Add(u, product_id, 2, key);
  ASSERT_EQ(first.status, 201u) << first.body;
  const HttpResult again = Add(u, product_id, 2, key);
  EXPECT_EQ(again.status, 201u);
  EXPECT_EQ(again.body, first.body);
  EXPECT_EQ(LineOf(CartOf(u), product_id).at("quantity"), 2);
  const HttpResult other_body = Add(u, product_id, 3, key);
  EXPECT_EQ(other_body.status, 422u) << other_body.body;
  EXPECT_EQ(LineOf(CartOf(u), product_id).at("quantity"), 2);
  ASSERT_EQ(Add(u, product_id, 2, {{"Idempotency-Key", "add-mug-2"}}).status, 201u);
  EXPECT_EQ(LineOf(CartOf(u), product_id).at("quantity"), 4);
  // A key that is not visible ASCII (found by schemathesis: a 0x9e byte was a 500) is the
  // caller's mistake.
  const HttpResult bad_key = Add(u, product_id, 1, {{"Idempotency-Key", "k\x9e"}});
  EXPECT_EQ(bad_key.status, 400u) << bad_key.body;
  EXPECT_EQ(LineOf(CartOf(u), product_id).at("quantity"), 4);
}

TEST_F(CartE2eTest, AReplicaMissWhileProductServiceIsDownIs503ThenTheAddSucceeds) {
  const User u = NewCustomer("judy");
  const nlohmann::json category = CreateCategory("Garden");
  StopRelay();  // product.created stays in product-service's outbox: the cart cannot learn it
  const std::string product_id = CreateProduct("Spade", "22.00", 4, category.at("id")).at("id");
  StopProduct();
  const HttpResult down = Add(u, product_id, 1);
  EXPECT_EQ(down.status, 503u) << down.body;
  EXPECT_EQ(down.headers.at("content-type"), "application/problem+json");
  EXPECT_TRUE(down.headers.contains("retry-after"));
  StartProduct();
  HttpResult back;
  EXPECT_TRUE(WaitFor(
      [&] {
        back = Add(u, product_id, 1);
        return back.status != 503;
      },
      30s));
  EXPECT_EQ(back.status, 201u) << back.body;
  EXPECT_EQ(LineOf(CartOf(u), product_id).at("name"), "Spade");
  // The replica row made from product-service's answer keeps the product's seller too.
  EXPECT_EQ(CartScalar("SELECT count(*) FROM products WHERE id = '" + product_id +
                       "' AND seller_id = '" + Admin().id + "'"),
            1);
  StartRelay();
}

TEST_F(CartE2eTest, QuantitiesStayWithinOneToNinetyNineAndTheStock) {
  const User u = NewCustomer("kim");
  const std::string product_id = NewStock("Vase", "15.00", 3).product.at("id");
  EXPECT_EQ(Add(u, product_id, 0).status, 422u);
  EXPECT_EQ(Add(u, product_id, 100).status, 422u);
  EXPECT_EQ(Add(u, product_id, 4).status, 422u) << "above the stock of 3";
  ASSERT_EQ(Add(u, product_id, 2).status, 201u);
  EXPECT_EQ(Add(u, product_id, 2).status, 422u) << "2 + 2 is above the stock";
  EXPECT_EQ(
      Api("PATCH", "/cart/items/" + product_id, u.token, nlohmann::json{{"quantity", 3}}.dump())
          .status,
      200u);
  EXPECT_EQ(
      Api("PATCH", "/cart/items/" + product_id, u.token, nlohmann::json{{"quantity", 4}}.dump())
          .status,
      422u);
  EXPECT_EQ(LineOf(CartOf(u), product_id).at("quantity"), 3);
  EXPECT_EQ(Api("DELETE", "/cart/items/" + product_id, u.token).status, 204u);
  EXPECT_TRUE(CartOf(u).at("items").empty());
  EXPECT_EQ(Add(u, "not-a-uuid", 1).status, 422u);
  EXPECT_EQ(Api("GET", "/cart", "").status, 401u);

  ASSERT_EQ(
      Api("POST", "/cart/wishlist", u.token, nlohmann::json{{"product_id", product_id}}.dump())
          .status,
      201u);
  const HttpResult moved = Api("POST", "/cart/wishlist/" + product_id + "/move-to-cart", u.token);
  ASSERT_EQ(moved.status, 200u) << moved.body;
  EXPECT_EQ(LineOf(Json(moved), product_id).at("quantity"), 1);
  EXPECT_TRUE(Json(Api("GET", "/cart/wishlist", u.token)).at("items").empty());
}

TEST_F(CartE2eTest, SchemathesisFindsNoServerErrorAndNoResponseOutsideTheOpenApiDocument) {
  const std::string product_id = NewStock("Fuzz", "1.00").product.at("id");
  // As admin, so the admin-only routes are exercised too.
  SchemathesisRun run("cart.yaml", cart().port(), Admin().token);
  // A complete checkout body now and then, so checkouts also reach their 202.
  run.known_values = {
      {"product_id", {product_id}},
      {"shipping_address", nlohmann::json::array({CheckoutBody().at("shipping_address")})},
      {"payment_token", nlohmann::json::array({kPaymentToken})}};
  const SchemathesisResult result = RunSchemathesis(run);
  EXPECT_EQ(result.exit_status, 0) << result.report;
}

}  // namespace
}  // namespace shop::testing
