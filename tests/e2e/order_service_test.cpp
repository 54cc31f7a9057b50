// order-service's real binary on real Postgres and Kafka: orders made by its intake consumer from
// cart.checked_out events this test produces (as cart-service would), moved on by the stock and
// payment answers it produces (as product- and payment-service would), and read and changed over
// HTTP with tokens of different users: privacy (another customer gets 404), the owner's cancel,
// shipping and delivery by delivery-service's tracking events (it produces them here as
// delivery-service would), sellers' lines, keyset pages, problem+json; and schemathesis against
// schemas/openapi/order.yaml. The full saga through the gateway is tested elsewhere.
#include <gtest/gtest.h>
#include <librdkafka/rdkafkacpp.h>

#include <algorithm>
#include <csignal>
#include <memory>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "consumer_fixture.hpp"
#include "events/consumer/dead_letter.hpp"
#include "events/uuid_v7.hpp"
#include "kafka_records.hpp"
#include "problem_checks.hpp"
#include "saga_events.hpp"
#include "schemathesis_run.hpp"
#include "service_process.hpp"
#include "test_identity.hpp"

namespace shop::testing {
namespace {

constexpr std::chrono::seconds kDeadline{60};

struct User {
  std::string id;
  std::string token;
};

User NewUser(const std::string& role) {
  const std::string id = events::NewUuidV7();
  return {.id = id, .token = TestIdentity::Shared().Token(id, role)};
}

class OrderServiceTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { StartSuite({}); }
  // One order-service (with `extra_env`) and database for the suite, and a producer.
  static void StartSuite(std::map<std::string, std::string> extra_env) {
    try {
      database_ = CreateDatabase("order_e2e");
      const std::string intake = UniqueName("order-e2e.checkout-intake");
      const std::string saga = UniqueName("order-e2e.saga");
      const std::string delivery = UniqueName("order-e2e.delivery-events");
      CreateKafkaTopics(
          {events::consumer::RetryTopic(intake), events::consumer::DeadLetterTopic(intake),
           events::consumer::RetryTopic(saga), events::consumer::DeadLetterTopic(saga),
           events::consumer::RetryTopic(delivery), events::consumer::DeadLetterTopic(delivery)},
          1, {{"retention.ms", "1209600000"}});
      extra_env["SHOP_ORDER_INTAKE_GROUP"] = intake;
      extra_env["SHOP_ORDER_SAGA_GROUP"] = saga;
      extra_env["SHOP_ORDER_DELIVERY_EVENTS_GROUP"] = delivery;
      service_ = std::make_unique<ServiceProcess>(ORDER_SERVICE_BIN, database_, extra_env);
      producer_ = NewTestProducer(KafkaBootstrap());
    } catch (const std::exception& e) {
      setup_error_ = e.what();  // reported as a failure by SetUp, not as a skip
    }
  }
  static void TearDownTestSuite() {
    service_.reset();
    producer_.reset();
  }
  void SetUp() override {
    ASSERT_NE(service_, nullptr) << "order-service did not start: " << setup_error_;
  }

  // Produces `event` to its own topic, as its owner's relay would.
  template <events::CatalogEvent T>
  static void Publish(const T& event) {
    ProduceAndFlush(*producer_, std::string(T::kType.topic),
                    events::ToKafka(TestEvent(std::string(T::kType.type), event.AggregateId(),
                                              event.ToJson(), "/services/order-e2e")));
  }

  static HttpResult As(const User& user, const std::string& method, const std::string& target) {
    return service_->Call(method, target, {}, {{"Authorization", "Bearer " + user.token}});
  }
  static HttpResult AsAdmin(const std::string& method, const std::string& target) {
    return service_->Call(method, target);  // TestIdentity's admin token
  }

  // A checkout of `buyer` (saga_events.hpp: a line of `seller_id`, one without a seller);
  // returns its id, the order's id, once the intake consumer has made the order.
  static std::string PlaceOrder(const User& buyer, const std::string& seller_id) {
    const std::string id = events::NewUuidV7();
    Publish(order::testing::Checkout(id, buyer.id, seller_id));
    EXPECT_TRUE(WaitFor([&] { return As(buyer, "GET", "/orders/" + id).status == 200; }, kDeadline))
        << "no order " << id;
    return id;
  }

  static nlohmann::json OrderOf(const std::string& id) {
    const HttpResult read = AsAdmin("GET", "/orders/" + id);
    EXPECT_EQ(read.status, 200u) << read.body;
    return nlohmann::json::parse(read.body);
  }

  // Answers the order's stock and payment steps as product- and payment-service would.
  static void Confirm(const std::string& id) {
    Publish(order::testing::Reserved(id));
    ASSERT_TRUE(WaitFor([&] { return OrderOf(id).at("status") == "stock_reserved"; }, kDeadline));
    Publish(order::testing::Succeeded(id));
    ASSERT_TRUE(WaitFor([&] { return OrderOf(id).at("status") == "confirmed"; }, kDeadline));
  }

  static long long OutboxCount(const std::string& id, const std::string& type) {
    pqxx::connection connection(database_);
    pqxx::work txn(connection);
    return txn
        .exec_params1("SELECT count(*) FROM outbox WHERE key = $1 AND event_type = $2", id, type)[0]
        .as<long long>();
  }

  static inline std::string setup_error_;
  static inline std::string database_;
  static inline std::unique_ptr<ServiceProcess> service_;
  static inline std::unique_ptr<RdKafka::Producer> producer_;
};

TEST_F(OrderServiceTest, AnotherCustomerCannotReadListOrCancelTheOrder) {
  const User a = NewUser("customer");
  const User b = NewUser("customer");
  const std::string id = PlaceOrder(a, events::NewUuidV7());

  const nlohmann::json order = nlohmann::json::parse(As(a, "GET", "/orders/" + id).body);
  EXPECT_EQ(order.at("user_id"), a.id);
  EXPECT_EQ(order.at("status"), "pending");
  EXPECT_EQ(order.at("total"), "59.80");
  EXPECT_EQ(order.at("shipping_address").at("line2"), "Flat 2");
  EXPECT_FALSE(order.contains("payment_token"));
  EXPECT_EQ(order.at("timeline").size(), 1u);
  EXPECT_EQ(order.dump().find("tok_visa"), std::string::npos) << "the token is never answered";

  ExpectProblem(As(b, "GET", "/orders/" + id), 404);
  ExpectProblem(As(b, "POST", "/orders/" + id + "/cancel"), 404);
  EXPECT_EQ(nlohmann::json::parse(As(b, "GET", "/orders").body).at("items").size(), 0u);
  const nlohmann::json mine = nlohmann::json::parse(As(a, "GET", "/orders").body);
  ASSERT_EQ(mine.at("items").size(), 1u);
  EXPECT_EQ(mine.at("items")[0].at("id"), id);
  EXPECT_EQ(OrderOf(id).at("status"), "pending") << "B's cancel changed nothing";
}

TEST_F(OrderServiceTest, TheOwnerCancelsBeforeShippingOnceAndTheEventIsWritten) {
  const User a = NewUser("customer");
  const std::string id = PlaceOrder(a, events::NewUuidV7());

  const HttpResult cancelled = As(a, "POST", "/orders/" + id + "/cancel");
  ASSERT_EQ(cancelled.status, 200u) << cancelled.body;
  const nlohmann::json order = nlohmann::json::parse(cancelled.body);
  EXPECT_EQ(order.at("status"), "cancelled");
  EXPECT_EQ(order.at("cancel_reason"), "customer");
  EXPECT_EQ(order.at("version"), 2);
  EXPECT_EQ(order.at("timeline").back().at("cause"), "customer");

  // A retried cancel answers the order as it is and writes nothing more.
  const HttpResult again = As(a, "POST", "/orders/" + id + "/cancel");
  ASSERT_EQ(again.status, 200u) << again.body;
  EXPECT_EQ(nlohmann::json::parse(again.body).at("version"), 2);
  EXPECT_EQ(OutboxCount(id, "order.cancelled"), 1);
}

TEST_F(OrderServiceTest, DeliveryStepsShipAndDeliverTheOrderWhichCanNoLongerBeCancelled) {
  const User a = NewUser("customer");
  const std::string id = PlaceOrder(a, events::NewUuidV7());
  ASSERT_NO_FATAL_FAILURE(Confirm(id));
  // delivery-service owns shipping now: order-service's own routes are gone.
  ExpectProblem(AsAdmin("POST", "/orders/" + id + "/ship"), 404);
  ExpectProblem(AsAdmin("POST", "/orders/" + id + "/deliver"), 404);

  const std::string shipment = events::NewUuidV7();
  Publish(order::testing::ShipmentCreated(id, a.id, shipment));
  // Another topic than the steps': waited for, so the timeline's lines come in this order.
  ASSERT_TRUE(WaitFor(
      [&] { return OrderOf(id).at("timeline").back().at("cause") == "delivery.shipment_created"; },
      kDeadline));
  Publish(order::testing::ShipmentMoved(id, a.id, shipment, "label_created", "picked_up", 2));
  ASSERT_TRUE(WaitFor([&] { return OrderOf(id).at("status") == "shipped"; }, kDeadline));
  ExpectProblem(As(a, "POST", "/orders/" + id + "/cancel"), 409);

  Publish(order::testing::ShipmentMoved(id, a.id, shipment, "picked_up", "in_transit", 3));
  Publish(order::testing::ShipmentMoved(id, a.id, shipment, "in_transit", "out_for_delivery", 4));
  Publish(order::testing::ShipmentMoved(id, a.id, shipment, "out_for_delivery", "delivered", 5,
                                        "left at the door"));
  ASSERT_TRUE(WaitFor([&] { return OrderOf(id).at("status") == "delivered"; }, kDeadline));
  const nlohmann::json order = nlohmann::json::parse(As(a, "GET", "/orders/" + id).body);
  EXPECT_EQ(order.at("version"), 6);
  std::vector<std::string> steps;
  for (const nlohmann::json& line : order.at("timeline")) {
    if (line.at("cause").get<std::string>().starts_with("delivery.")) {
      steps.push_back(line.at("detail"));
    }
  }
  EXPECT_EQ(steps, (std::vector<std::string>{"label_created, tracking number SH0000000000AB",
                                             "picked_up", "in_transit", "out_for_delivery",
                                             "delivered: left at the door"}));
  EXPECT_EQ(OutboxCount(id, "order.shipped"), 1);
  EXPECT_EQ(OutboxCount(id, "order.delivered"), 1);
}

TEST_F(OrderServiceTest, ASellerSeesOnlyTheirOwnLinesAndCustomersNoSales) {
  const User a = NewUser("customer");
  const User seller = NewUser("seller");
  const User other_seller = NewUser("seller");
  const std::string id = PlaceOrder(a, seller.id);

  const HttpResult sales = As(seller, "GET", "/orders/sales");
  ASSERT_EQ(sales.status, 200u) << sales.body;
  const nlohmann::json items = nlohmann::json::parse(sales.body).at("items");
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].at("order_id"), id);
  ASSERT_EQ(items[0].at("lines").size(), 1u) << "only the seller's line of the two";
  EXPECT_EQ(items[0].at("lines")[0].at("name"), "Lamp");
  EXPECT_FALSE(items[0].contains("user_id"));
  EXPECT_FALSE(items[0].contains("shipping_address"));

  EXPECT_EQ(nlohmann::json::parse(As(other_seller, "GET", "/orders/sales").body).at("items").size(),
            0u);
  ExpectProblem(As(other_seller, "GET", "/orders/sales?seller_id=" + seller.id), 403);
  std::string upper = seller.id;
  std::transform(upper.begin(), upper.end(), upper.begin(), ::toupper);
  EXPECT_EQ(As(seller, "GET", "/orders/sales?seller_id=" + upper).status, 200u)
      << "the same id in upper case";
  ExpectProblem(As(a, "GET", "/orders/sales"), 403);
  ExpectProblem(As(other_seller, "GET", "/orders/" + id), 404);
  const HttpResult admin = AsAdmin("GET", "/orders/sales?seller_id=" + seller.id);
  ASSERT_EQ(admin.status, 200u) << admin.body;
  EXPECT_EQ(nlohmann::json::parse(admin.body).at("items").size(), 1u);
}

TEST_F(OrderServiceTest, OrdersArePagedNewestFirst) {
  const User c = NewUser("customer");
  const std::string first = PlaceOrder(c, events::NewUuidV7());
  const std::string second = PlaceOrder(c, events::NewUuidV7());
  const std::string third = PlaceOrder(c, events::NewUuidV7());

  const nlohmann::json page1 = nlohmann::json::parse(As(c, "GET", "/orders?limit=2").body);
  ASSERT_EQ(page1.at("items").size(), 2u);
  EXPECT_EQ(page1.at("items")[0].at("id"), third);
  EXPECT_EQ(page1.at("items")[1].at("id"), second);
  ASSERT_TRUE(page1.at("next_cursor").is_string());
  const nlohmann::json page2 = nlohmann::json::parse(
      As(c, "GET", "/orders?limit=2&cursor=" + page1.at("next_cursor").get<std::string>()).body);
  ASSERT_EQ(page2.at("items").size(), 1u);
  EXPECT_EQ(page2.at("items")[0].at("id"), first);
  EXPECT_TRUE(page2.at("next_cursor").is_null());
}

TEST_F(OrderServiceTest, MistakesAreProblemsNeverServerErrors) {
  const User a = NewUser("customer");
  ExpectProblem(As(a, "GET", "/orders/not-a-uuid"), 404);
  ExpectProblem(As(a, "GET", "/orders/" + events::NewUuidV7()), 404);
  ExpectProblem(As(a, "GET", "/orders?limit=0"), 400);
  ExpectProblem(As(a, "GET", "/orders?cursor=garbage"), 400);
  ExpectProblem(AsAdmin("GET", "/orders/sales?seller_id=nope"), 400);
  ExpectProblem(service_->Call("GET", "/orders", {}, {{"Authorization", ""}}), 401);
  ExpectProblem(AsAdmin("DELETE", "/orders/" + events::NewUuidV7()), 405);
}

TEST_F(OrderServiceTest, TheServiceAnswersAsItsDocumentSays) {
  const User seller = NewUser("seller");
  const User buyer = NewUser("customer");
  const std::string pending = PlaceOrder(buyer, seller.id);
  const std::string confirmed = PlaceOrder(buyer, seller.id);
  ASSERT_NO_FATAL_FAILURE(Confirm(confirmed));

  SchemathesisRun run("order.yaml", service_->port(), TestIdentity::Shared().AdminToken());
  run.known_values = {{"id", {pending, confirmed}}, {"seller_id", {seller.id}}};
  const SchemathesisResult result = RunSchemathesis(run);
  EXPECT_EQ(result.exit_status, 0) << result.report;
  ExpectEachRouteSucceeded(result, {{"GET", "/orders", 200},
                                    {"GET", "/orders/sales", 200},
                                    {"GET", "/orders/{id}", 200},
                                    {"POST", "/orders/{id}/cancel", 200}});
}

// The deadline scanner of the running binary: a 1 s stock deadline, scanned every 100 ms.
class OrderDeadlineTest : public OrderServiceTest {
 protected:
  static void SetUpTestSuite() {
    StartSuite({{"SHOP_ORDER_STOCK_DEADLINE", "1s"}, {"SHOP_ORDER_SCAN_EVERY", "100ms"}});
  }
};

TEST_F(OrderDeadlineTest, AnOrderNobodyReservesStockForIsCancelledAndTheServiceStopsCleanly) {
  const User a = NewUser("customer");
  const std::string id = PlaceOrder(a, events::NewUuidV7());
  ASSERT_TRUE(WaitFor([&] { return OrderOf(id).at("status") == "cancelled"; }, kDeadline));
  const nlohmann::json order = OrderOf(id);
  EXPECT_EQ(order.at("cancel_reason"), "stock_timeout");
  EXPECT_EQ(order.at("timeline").back().at("cause"), "deadline");
  EXPECT_EQ(OutboxCount(id, "order.cancelled"), 1);
  // Other tests' checkouts on the shared topic become orders here too, and time out as well.
  const HttpResult metrics = AsAdmin("GET", "/metrics");
  EXPECT_GE(
      MetricValue(metrics.body, R"(order_deadline_cancellations_total{reason="stock_timeout"})")
          .value_or(0),
      1.0)
      << metrics.body;

  // SIGTERM stops the consumers and the scanner and drains: exit status 0.
  service_->process().Signal(SIGTERM);
  EXPECT_EQ(service_->process().Wait(std::chrono::seconds(30)), 0);
}

}  // namespace
}  // namespace shop::testing
