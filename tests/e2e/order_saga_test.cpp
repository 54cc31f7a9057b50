// The order saga end to end through the gateway (issue 12), on the whole platform with real
// Postgres and Kafka: checkout -> order -> stock reservation -> payment -> confirmation, and every
// failure's compensation. Events are read back with kcat (an independent client) and validated
// against their schemas.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <pqxx/pqxx>
#include <random>
#include <set>
#include <thread>

#include "events/uuid_v7.hpp"
#include "kafka_capture.hpp"
#include "saga_fixture.hpp"

namespace shop::testing {
namespace {

using namespace std::chrono_literals;

std::string Unique(const std::string& name) { return name + events::NewUuidV7().substr(24); }

std::string RandomHex(std::size_t digits) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::random_device random;
  std::string text;
  for (std::size_t i = 0; i < digits; ++i) {
    text += kHex[random() % 16];
  }
  return text;
}

TEST_F(SagaTest, ACheckoutIsConfirmedWithItsStockTakenOnceOneChargeAndEveryEventTraced) {
  const User customer = System().NewCustomer(Unique("ada"));
  const std::string product = NewProduct("Lamp", "12.50", 10);
  AddToCart(customer, product, 2);
  const std::string trace_id = RandomHex(32);
  const HttpResult checkout = Checkout(
      customer, "tok_visa", {{"traceparent", "00-" + trace_id + "-" + RandomHex(16) + "-01"}});
  ASSERT_EQ(checkout.status, 202u) << checkout.body;
  const std::string id = nlohmann::json::parse(checkout.body).at("checkout_id");

  const nlohmann::json order = WaitForStatus(customer, id, "confirmed|cancelled");
  ASSERT_EQ(order.value("status", ""), "confirmed") << order.dump();
  EXPECT_EQ(order.value("total", ""), "25.00");
  EXPECT_EQ(Stock(product), 8);
  const nlohmann::json ledger = Ledger(id);
  ASSERT_EQ(ledger.at("charges").size(), 1u) << ledger.dump();
  EXPECT_EQ(ledger.at("charges")[0].value("amount", ""), "25.00");
  EXPECT_TRUE(ledger.at("refunds").empty());
  const HttpResult payment = System().Api("GET", "/payments/" + id, customer.token);
  ASSERT_EQ(payment.status, 200u) << payment.body;
  EXPECT_EQ(nlohmann::json::parse(payment.body).value("status", ""), "succeeded");
  EXPECT_EQ(payment.body.find("tok_visa"), std::string::npos) << "the token is never answered";

  // Every event of the order on Kafka, read with kcat, valid under its schema and on the
  // checkout's trace.
  const std::vector<std::string> types = {"cart.checked_out",  "order.created",
                                          "stock.reserved",    "order.payment_requested",
                                          "payment.succeeded", "order.confirmed"};
  std::vector<CapturedEvent> events;
  const bool all_there = WaitFor(
      [&] {
        events.clear();
        for (const CapturedEvent& event : CaptureEvents(System().Bootstrap(), types)) {
          if (event.subject == id) {
            events.push_back(event);
          }
        }
        return events.size() >= types.size();
      },
      30s);
  ASSERT_TRUE(all_there) << events.size() << " of " << types.size() << " events on Kafka";
  std::set<std::string> seen;
  for (const CapturedEvent& event : events) {
    seen.insert(event.type);
    const auto [rc, output] = ValidateEventData(event.type, event.data);
    EXPECT_EQ(rc, 0) << event.type << " does not conform: " << output;
    EXPECT_NE(event.traceparent.find(trace_id), std::string::npos)
        << event.type << " is not on the checkout's trace: '" << event.traceparent << "'";
  }
  EXPECT_EQ(seen, std::set<std::string>(types.begin(), types.end()));
  EXPECT_EQ(events.size(), types.size()) << "each event once";
  // The stock change reached the replicas as product.updated, on the same trace.
  bool product_updated_on_trace = false;
  for (const CapturedEvent& event : CaptureEvents(System().Bootstrap(), {"product.updated"})) {
    product_updated_on_trace |=
        event.subject == product && event.traceparent.find(trace_id) != std::string::npos;
  }
  EXPECT_TRUE(product_updated_on_trace);
}

TEST_F(SagaTest, ADeclinedCardCancelsTheOrderRestoresTheStockAndGivesThePromoUseBack) {
  std::string code = "SAGA" + RandomHex(6);
  std::transform(code.begin(), code.end(), code.begin(), ::toupper);  // stored upper-case
  const HttpResult promo =
      System().Api("POST", "/cart/promo-codes", System().Admin().token,
                   nlohmann::json{{"code", code}, {"kind", "percent"}, {"value", "10.00"}}.dump());
  ASSERT_EQ(promo.status, 201u) << promo.body;
  const auto uses = [&] {
    const HttpResult codes = System().Api("GET", "/cart/promo-codes", System().Admin().token);
    EXPECT_EQ(codes.status, 200u) << codes.body;
    const nlohmann::json listed = nlohmann::json::parse(codes.body);
    for (const nlohmann::json& item : listed.at("items")) {
      if (item.value("code", "") == code) {
        return item.value("uses", -1);
      }
    }
    return -1;
  };
  const User customer = System().NewCustomer(Unique("bob"));
  const std::string product = NewProduct("Kettle", "40.00", 5);
  AddToCart(customer, product, 2);
  const HttpResult applied =
      System().Api("POST", "/cart/promo", customer.token, nlohmann::json{{"code", code}}.dump());
  ASSERT_EQ(applied.status, 200u) << applied.body;
  const HttpResult checkout = Checkout(customer, "tok_declined");
  ASSERT_EQ(checkout.status, 202u) << checkout.body;
  const std::string id = nlohmann::json::parse(checkout.body).at("checkout_id");
  EXPECT_EQ(uses(), 1) << "the checkout counted the use";

  const nlohmann::json order = WaitForStatus(customer, id, "confirmed|cancelled");
  EXPECT_EQ(order.value("status", ""), "cancelled");
  EXPECT_EQ(CancelReason(order), "payment_declined");
  EXPECT_TRUE(WaitFor([&] { return Stock(product) == 5; }, 30s)) << "stock " << Stock(product);
  EXPECT_TRUE(WaitFor([&] { return uses() == 0; }, 30s)) << "promo uses " << uses();
  EXPECT_TRUE(Ledger(id).at("charges").empty());
}

// The last unit: two customers at once, then 20 customers for 5 units. Exactly as many orders
// confirm as there was stock; stock never goes negative. Each other customer is turned away: by
// the saga (order cancelled out_of_stock) or, once the reservations' product.updated reached the
// cart's replica, already at checkout (422, none in stock). The cart's check is a courtesy on a
// replica; the saga's reservation is what decides.
TEST_F(SagaTest, CustomersRacingForTheLastUnitsConfirmExactlyAsManyOrdersAsThereIsStock) {
  struct Race {
    int customers;
    int units;
  };
  for (const Race race : {Race{2, 1}, Race{20, 5}}) {
    const std::string product = NewProduct("Rare", "9.99", race.units);
    std::vector<User> customers;
    for (int i = 0; i < race.customers; ++i) {
      customers.push_back(System().NewCustomer(Unique("racer")));
      AddToCart(customers.back(), product, 1);
    }
    std::vector<std::string> ids(customers.size());
    std::vector<std::thread> threads;
    std::atomic<int> accepted{0};
    std::vector<std::string> refused(customers.size());
    for (std::size_t i = 0; i < customers.size(); ++i) {
      threads.emplace_back([&, i] {
        const HttpResult checkout = Checkout(customers[i], "tok_visa");
        if (checkout.status == 202) {
          ids[i] = nlohmann::json::parse(checkout.body).at("checkout_id");
          ++accepted;
        } else {
          refused[i] = std::to_string(checkout.status) + " " + checkout.body;
        }
      });
    }
    for (std::thread& thread : threads) {
      thread.join();
    }
    int refused_out_of_stock = 0;
    std::string other_refusals;
    for (const std::string& refusal : refused) {
      if (refusal.starts_with("422 ") && refusal.find("in stock") != std::string::npos) {
        ++refused_out_of_stock;
      } else if (!refusal.empty()) {
        other_refusals += refusal + "\n";
      }
    }
    ASSERT_EQ(accepted.load() + refused_out_of_stock, race.customers)
        << "a checkout is accepted or refused for want of stock; other answers:\n"
        << other_refusals;
    ASSERT_GE(accepted.load(), race.units) << "the cart refuses only once the stock is reserved";
    int confirmed = 0;
    int out_of_stock = 0;
    for (std::size_t i = 0; i < customers.size(); ++i) {
      if (ids[i].empty()) {
        continue;  // refused at checkout
      }
      const nlohmann::json order = WaitForStatus(customers[i], ids[i], "confirmed|cancelled", 90s);
      confirmed += order.value("status", "") == "confirmed" ? 1 : 0;
      out_of_stock += CancelReason(order) == "out_of_stock" ? 1 : 0;
    }
    EXPECT_EQ(confirmed, race.units) << race.customers << " customers for " << race.units;
    EXPECT_EQ(out_of_stock, accepted.load() - race.units)
        << refused_out_of_stock << " refused at checkout";
    EXPECT_EQ(Stock(product), 0);
    EXPECT_EQ(System().Scalar("product", "SELECT count(*) FROM products WHERE stock < 0"), 0);
  }
}

TEST_F(SagaTest, ACustomerCancellingAConfirmedOrderIsRefundedAndTheStockReleasedOnce) {
  const User customer = System().NewCustomer(Unique("cyd"));
  const std::string product = NewProduct("Chair", "30.00", 4);
  const std::string id = Buy(customer, product, 3, "tok_visa");
  ASSERT_EQ(WaitForStatus(customer, id, "confirmed|cancelled").value("status", ""), "confirmed");
  ASSERT_EQ(Stock(product), 1);

  const HttpResult cancelled = System().Api("POST", "/orders/" + id + "/cancel", customer.token);
  ASSERT_EQ(cancelled.status, 200u) << cancelled.body;
  EXPECT_EQ(CancelReason(nlohmann::json::parse(cancelled.body)), "customer");
  const HttpResult again = System().Api("POST", "/orders/" + id + "/cancel", customer.token);
  EXPECT_EQ(again.status, 200u) << "a second cancel answers the cancelled order: " << again.body;

  EXPECT_TRUE(WaitFor(
      [&] {
        const HttpResult payment = System().Api("GET", "/payments/" + id, customer.token);
        return nlohmann::json::parse(payment.body, nullptr, false).value("status", "") ==
               "refunded";
      },
      30s));
  EXPECT_TRUE(WaitFor([&] { return Stock(product) == 4; }, 30s)) << "stock " << Stock(product);
  const nlohmann::json ledger = Ledger(id);
  EXPECT_EQ(ledger.at("charges").size(), 1u) << ledger.dump();
  EXPECT_EQ(ledger.at("refunds").size(), 1u) << ledger.dump();
  EXPECT_EQ(Stock(product), 4) << "released once";
}

TEST_F(SagaTest, AReplayedOrDuplicatedCheckoutEventMakesNoSecondOrder) {
  const User customer = System().NewCustomer(Unique("dan"));
  const std::string product = NewProduct("Mug", "7.00", 10);
  const std::string id = Buy(customer, product, 1, "tok_visa");
  ASSERT_EQ(WaitForStatus(customer, id, "confirmed|cancelled").value("status", ""), "confirmed");

  // The same event again (shopctl republishes the retained outbox row: the same ce_id), and a
  // copy under a new ce_id (a producer that sent it twice).
  const std::string cart_db = System().Database("cart");
  const std::string event_id = [&] {
    pqxx::connection connection(cart_db);
    pqxx::nontransaction query(connection);
    return query
        .exec_params1(
            "SELECT event_id::text FROM outbox WHERE key = $1 AND event_type = "
            "'cart.checked_out'",
            id)[0]
        .as<std::string>();
  }();
  const auto [rc, output] = RunCommand(
      std::string(SHOPCTL_BIN) + " outbox republish --service cart --database-url '" + cart_db +
      "' --event-id " + event_id + " --bootstrap " + System().Bootstrap() + " 2>&1");
  ASSERT_EQ(rc, 0) << output;
  const auto [copy_rc, copy_output] = RunCommand(
      "psql -X -At '" + cart_db + "' -c \"SELECT payload::text FROM outbox WHERE event_id = '" +
      event_id + "'\" | kcat -b " + System().Bootstrap() + " -P -t cart.checked_out -k " + id +
      " -H ce_specversion=1.0 -H ce_id=" + events::NewUuidV7() +
      " -H ce_source=/services/cart -H ce_type=cart.checked_out -H ce_time=2026-12-07T10:00:00Z"
      " -H ce_subject=" +
      id +
      " -H ce_dataschema=urn:shop:schema:cart.checked_out:v1 -H content-type=application/json "
      "2>&1");
  ASSERT_EQ(copy_rc, 0) << copy_output;

  // Both reach the intake group, and there is still one order, unchanged.
  EXPECT_TRUE(WaitFor(
      [&] {
        const std::vector<CapturedEvent> copies =
            CaptureEvents(System().Bootstrap(), {"cart.checked_out"});
        return std::count_if(copies.begin(), copies.end(),
                             [&](const CapturedEvent& e) { return e.subject == id; }) == 3;
      },
      30s));
  const std::string intake = System().Group("order.checkout-intake");
  const auto handled = [&] {
    const HttpResult metrics = System().Service("order").Call("GET", "/metrics");
    return MetricValue(metrics.body,
                       "consumer_messages_total{group=\"" + intake + "\",outcome=\"duplicate\"}")
               .value_or(0) +
           MetricValue(metrics.body,
                       "consumer_messages_total{group=\"" + intake + "\",outcome=\"applied\"}")
               .value_or(0);
  };
  EXPECT_TRUE(WaitFor([&] { return handled() >= 3; }, 30s)) << handled() << " handled";
  EXPECT_EQ(System().Scalar("order", "SELECT count(*) FROM orders WHERE id = '" + id + "'"), 1);
  const HttpResult list = System().Api("GET", "/orders", customer.token);
  EXPECT_EQ(nlohmann::json::parse(list.body).at("items").size(), 1u) << list.body;
  EXPECT_EQ(WaitForStatus(customer, id, "confirmed").value("status", ""), "confirmed");
  std::size_t created = 0;
  for (const CapturedEvent& event : CaptureEvents(System().Bootstrap(), {"order.created"})) {
    created += event.subject == id ? 1 : 0;
  }
  EXPECT_EQ(created, 1u);
  EXPECT_EQ(Ledger(id).at("charges").size(), 1u);
}

TEST_F(SagaTest, NobodyReadsListsOrCancelsAnotherCustomersOrdersAndSellersSeeOnlyTheirLines) {
  const User alice = System().NewCustomer(Unique("alice"));
  const User bob = System().NewCustomer(Unique("bob"));
  // A seller with a product of their own, beside one of the shop's.
  const User seller_account = System().NewCustomer(Unique("seller"));
  ASSERT_EQ(System()
                .Api("PATCH", "/auth/users/" + seller_account.id, System().Admin().token,
                     nlohmann::json{{"role", "seller"}}.dump())
                .status,
            200u);
  const std::string seller_email =
      nlohmann::json::parse(System().Api("GET", "/auth/me", seller_account.token).body).at("email");
  const std::string seller_password =
      seller_email.substr(0, seller_email.find('@')) + " password 123";
  const HttpResult login =
      System().Api("POST", "/auth/login", "",
                   nlohmann::json{{"email", seller_email}, {"password", seller_password}}.dump());
  ASSERT_EQ(login.status, 200u) << login.body;
  const User seller{.id = seller_account.id,
                    .token = nlohmann::json::parse(login.body).at("access_token")};
  const nlohmann::json category = System().CreateCategory(Unique("Seller shelf "));
  const HttpResult own = System().Api("POST", "/api/products", seller.token,
                                      nlohmann::json{{"name", "Handmade bowl"},
                                                     {"price", "15.00"},
                                                     {"stock", 3},
                                                     {"category_id", category.at("id")}}
                                          .dump());
  ASSERT_EQ(own.status, 201u) << own.body;
  const std::string seller_product = nlohmann::json::parse(own.body).at("id");
  const std::string shop_product = NewProduct("Spoon", "2.00", 10);

  AddToCart(alice, seller_product, 1);
  const std::string id = Buy(alice, shop_product, 2, "tok_visa");
  ASSERT_EQ(WaitForStatus(alice, id, "confirmed|cancelled").value("status", ""), "confirmed");

  EXPECT_EQ(System().Api("GET", "/orders/" + id, bob.token).status, 404u);
  EXPECT_EQ(System().Api("POST", "/orders/" + id + "/cancel", bob.token).status, 404u);
  EXPECT_EQ(System().Api("GET", "/payments/" + id, bob.token).status, 404u);
  EXPECT_TRUE(
      nlohmann::json::parse(System().Api("GET", "/orders", bob.token).body).at("items").empty());
  EXPECT_EQ(System().Api("GET", "/orders/" + id, "").status, 401u);
  EXPECT_EQ(System().Api("GET", "/orders/" + id, System().Admin().token).status, 200u);

  const HttpResult sales = System().Api("GET", "/orders/sales", seller.token);
  ASSERT_EQ(sales.status, 200u) << sales.body;
  const nlohmann::json items = nlohmann::json::parse(sales.body).at("items");
  ASSERT_EQ(items.size(), 1u) << sales.body;
  ASSERT_EQ(items[0].at("lines").size(), 1u) << "only the seller's own line";
  EXPECT_EQ(items[0].at("lines")[0].value("product_id", ""), seller_product);
  EXPECT_EQ(System().Api("GET", "/orders/sales", bob.token).status, 403u);
}

}  // namespace
}  // namespace shop::testing
