// delivery-service's real binary on real Postgres and Kafka: shipments made by its consumer from
// order.confirmed events this test produces (as order-service would), moved over HTTP by couriers
// and admins and read by customers: each step recorded and announced, privacy (another customer
// gets 404, a customer may not move a shipment), the machine's refusals as problems with the
// current status, retries of a courier's own step, keyset pages of the work list; and schemathesis
// against schemas/openapi/delivery.yaml.
#include <gtest/gtest.h>
#include <librdkafka/rdkafkacpp.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <set>

#include "consumer_fixture.hpp"
#include "e2e/problem_checks.hpp"
#include "e2e/schemathesis_run.hpp"
#include "e2e/service_process.hpp"
#include "events/consumer/dead_letter.hpp"
#include "events/uuid_v7.hpp"
#include "kafka_records.hpp"
#include "saga_events.hpp"
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

class DeliveryServiceTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    try {
      database_ = CreateDatabase("delivery_svc");
      const std::string group = UniqueName("delivery-svc.order-events");
      CreateKafkaTopics(
          {events::consumer::RetryTopic(group), events::consumer::DeadLetterTopic(group)}, 1,
          {{"retention.ms", "1209600000"}});
      service_ = std::make_unique<ServiceProcess>(
          DELIVERY_SERVICE_BIN, database_,
          std::map<std::string, std::string>{{"SHOP_DELIVERY_ORDER_EVENTS_GROUP", group}});
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
    ASSERT_NE(service_, nullptr) << "delivery-service did not start: " << setup_error_;
  }

  // Produces `event` to its own topic, as order-service's relay would.
  template <events::CatalogEvent T>
  static void Publish(const T& event) {
    ProduceAndFlush(*producer_, std::string(T::kType.topic),
                    events::ToKafka(TestEvent(std::string(T::kType.type), event.AggregateId(),
                                              event.ToJson(), "/services/order")));
  }

  static HttpResult As(const User& user, const std::string& method, const std::string& target,
                       const nlohmann::json& body = nullptr) {
    std::map<std::string, std::string> headers{{"Authorization", "Bearer " + user.token}};
    if (!body.is_null()) {
      headers["Content-Type"] = "application/json";
    }
    return service_->Call(method, target, body.is_null() ? "" : body.dump(), headers);
  }

  // A confirmed order of `customer`; returns its id once the consumer has made its shipment.
  static std::string ConfirmedOrder(const User& customer) {
    const std::string id = events::NewUuidV7();
    Publish(order::testing::Confirmed(id, customer.id));
    EXPECT_TRUE(WaitFor([&] { return As(customer, "GET", "/delivery/orders/" + id).status == 200; },
                        kDeadline))
        << "no shipment for order " << id;
    return id;
  }

  static HttpResult Step(const User& courier, const std::string& order, const std::string& status,
                         nlohmann::json extra = nlohmann::json::object()) {
    extra["status"] = status;
    return As(courier, "POST", "/delivery/orders/" + order + "/status", extra);
  }

  static long long OutboxCount(const std::string& order, const std::string& type) {
    pqxx::connection connection(database_);
    pqxx::work txn(connection);
    return txn
        .exec_params1("SELECT count(*) FROM outbox WHERE key = $1 AND event_type = $2", order,
                      type)[0]
        .as<long long>();
  }

  static inline std::string setup_error_;
  static inline std::string database_;
  static inline std::unique_ptr<ServiceProcess> service_;
  static inline std::unique_ptr<RdKafka::Producer> producer_;
};

TEST_F(DeliveryServiceTest, ACourierTakesTheParcelStepByStepAndEachStepIsRecordedAndAnnounced) {
  const User customer = NewUser("customer");
  const User courier = NewUser("courier");
  const std::string order = ConfirmedOrder(customer);

  for (const char* status :
       {"picked_up", "in_transit", "out_for_delivery", "failed_attempt", "out_for_delivery"}) {
    const HttpResult moved = Step(courier, order, status);
    ASSERT_EQ(moved.status, 200u) << status << ": " << moved.body;
    EXPECT_EQ(nlohmann::json::parse(moved.body).at("status"), status);
  }
  const HttpResult delivered = Step(courier, order, "delivered", {{"note", "left with neighbour"}});
  ASSERT_EQ(delivered.status, 200u) << delivered.body;

  const HttpResult read = As(customer, "GET", "/delivery/orders/" + order);
  ASSERT_EQ(read.status, 200u) << read.body;
  const nlohmann::json shipment = nlohmann::json::parse(read.body);
  EXPECT_EQ(shipment.at("status"), "delivered");
  EXPECT_EQ(shipment.at("version"), 7);
  EXPECT_EQ(shipment.at("user_id"), customer.id);
  EXPECT_TRUE(shipment.at("order_cancelled_at").is_null());
  const nlohmann::json history = shipment.at("history");
  ASSERT_EQ(history.size(), 7u);
  EXPECT_TRUE(history[0].at("from_status").is_null());
  EXPECT_EQ(history[0].at("to_status"), "label_created");
  EXPECT_EQ(history[0].at("by_role"), "system");
  EXPECT_EQ(history[1].at("to_status"), "picked_up");
  EXPECT_EQ(history[1].at("by_role"), "courier");
  EXPECT_FALSE(history[1].contains("by_user")) << "the customer sees the role only";
  EXPECT_EQ(history[6].at("note"), "left with neighbour");
  for (std::size_t i = 1; i < history.size(); ++i) {
    EXPECT_GE(history[i].at("at").get<std::string>(), history[i - 1].at("at").get<std::string>());
    EXPECT_EQ(history[i].at("version"), static_cast<int>(i) + 1);
  }
  const nlohmann::json staff =
      nlohmann::json::parse(As(courier, "GET", "/delivery/orders/" + order).body);
  EXPECT_EQ(staff.at("history")[1].at("by_user"), courier.id);

  EXPECT_EQ(OutboxCount(order, "delivery.shipment_created"), 1);
  EXPECT_EQ(OutboxCount(order, "delivery.status_changed"), 6);
  pqxx::connection connection(database_);
  pqxx::work txn(connection);
  for (const pqxx::row& row : txn.exec_params(
           "SELECT event_type, payload::text FROM outbox WHERE key = $1 ORDER BY id", order)) {
    const auto [rc, output] = ValidateEventData(row[0].as<std::string>(), row[1].as<std::string>());
    EXPECT_EQ(rc, 0) << row[0].as<std::string>() << ": " << output;
  }
  const nlohmann::json last = nlohmann::json::parse(
      txn.exec_params1("SELECT payload::text FROM outbox WHERE key = $1 ORDER BY id DESC LIMIT 1",
                       order)[0]
          .as<std::string>());
  EXPECT_EQ(last.at("from_status"), "out_for_delivery");
  EXPECT_EQ(last.at("status"), "delivered");
  EXPECT_EQ(last.at("note"), "left with neighbour");
  EXPECT_EQ(last.at("version"), 7);
}

TEST_F(DeliveryServiceTest, OnlyTheCustomerAndStaffSeeAShipmentAndOnlyStaffMoveIt) {
  const User customer = NewUser("customer");
  const User other = NewUser("customer");
  const User seller = NewUser("seller");
  const std::string order = ConfirmedOrder(customer);

  ExpectProblem(As(other, "GET", "/delivery/orders/" + order), 404);
  ExpectProblem(As(seller, "GET", "/delivery/orders/" + order), 404);
  ExpectProblem(Step(customer, order, "picked_up"), 403);
  ExpectProblem(Step(other, order, "picked_up"), 403);
  ExpectProblem(As(customer, "GET", "/delivery/shipments"), 403);
  ExpectProblem(service_->Call("GET", "/delivery/orders/" + order, {}, {{"Authorization", ""}}),
                401);
  EXPECT_EQ(service_->Call("GET", "/delivery/orders/" + order).status, 200u) << "an admin";
  EXPECT_EQ(
      nlohmann::json::parse(As(customer, "GET", "/delivery/orders/" + order).body).at("status"),
      "label_created")
      << "nobody's refused step changed anything";
}

TEST_F(DeliveryServiceTest, RefusedMovesAreProblemsThatSayWhatTheShipmentIs) {
  const User customer = NewUser("customer");
  const User courier = NewUser("courier");
  const std::string order = ConfirmedOrder(customer);

  const HttpResult skipped = Step(courier, order, "delivered");
  ExpectProblem(skipped, 409);
  EXPECT_EQ(nlohmann::json::parse(skipped.body).at("current_status"), "label_created");
  EXPECT_EQ(nlohmann::json::parse(skipped.body).at("version"), 1);
  ExpectProblem(Step(courier, order, "cancelled"), 422);
  ExpectProblem(Step(courier, order, "label_created"), 422);
  ExpectProblem(Step(courier, order, "picked_up", {{"note", std::string(501, 'x')}}), 422);
  ExpectProblem(Step(courier, order, "picked_up", {{"version", 0}}), 422);
  ExpectProblem(service_->Call("POST", "/delivery/orders/" + order + "/status", "{",
                               {{"Content-Type", "application/json"}}),
                400);
  ExpectProblem(service_->Call("POST", "/delivery/orders/" + order + "/status", "status",
                               {{"Content-Type", "text/plain"}}),
                415);
  ExpectProblem(Step(courier, "not-a-uuid", "picked_up"), 404);
  ExpectProblem(Step(courier, events::NewUuidV7(), "picked_up"), 404);

  // A stale version: the caller saw version 1, someone moved it since.
  ASSERT_EQ(Step(courier, order, "picked_up", {{"version", 1}}).status, 200u);
  const HttpResult stale = Step(NewUser("courier"), order, "in_transit", {{"version", 1}});
  ExpectProblem(stale, 409);
  EXPECT_EQ(nlohmann::json::parse(stale.body).at("current_status"), "picked_up");
  EXPECT_EQ(nlohmann::json::parse(stale.body).at("version"), 2);
  EXPECT_EQ(OutboxCount(order, "delivery.status_changed"), 1) << "refusals write nothing";
}

TEST_F(DeliveryServiceTest, ARetriedStepOfTheSameCourierIsAnsweredAsItIsAndWritesNothing) {
  const User customer = NewUser("customer");
  const User courier = NewUser("courier");
  const std::string order = ConfirmedOrder(customer);

  ASSERT_EQ(Step(courier, order, "picked_up", {{"version", 1}}).status, 200u);
  // The answer was lost; the courier's app sends the same request again.
  const HttpResult retried = Step(courier, order, "picked_up", {{"version", 1}});
  ASSERT_EQ(retried.status, 200u) << retried.body;
  EXPECT_EQ(nlohmann::json::parse(retried.body).at("version"), 2);
  EXPECT_EQ(nlohmann::json::parse(retried.body).at("history").size(), 2u);
  EXPECT_EQ(OutboxCount(order, "delivery.status_changed"), 1);
  // Another courier asking for the same status is told it is there already.
  const HttpResult again = Step(NewUser("courier"), order, "picked_up");
  ExpectProblem(again, 409);
  EXPECT_NE(nlohmann::json::parse(again.body).at("detail").get<std::string>().find("already"),
            std::string::npos);
}

TEST_F(DeliveryServiceTest, CouriersFindWorkInKeysetPagesOldestFirst) {
  const User customer = NewUser("customer");
  const User courier = NewUser("courier");
  std::vector<std::string> mine;
  for (int i = 0; i < 3; ++i) {
    mine.push_back(ConfirmedOrder(customer));
  }
  // Every page of label_created shipments (other tests' too), two at a time.
  std::vector<std::string> seen;
  std::string cursor;
  for (int page = 0; page < 1000; ++page) {
    const HttpResult listed = As(courier, "GET",
                                 "/delivery/shipments?status=label_created&limit=2" +
                                     (cursor.empty() ? std::string() : "&cursor=" + cursor));
    ASSERT_EQ(listed.status, 200u) << listed.body;
    const nlohmann::json body = nlohmann::json::parse(listed.body);
    ASSERT_LE(body.at("items").size(), 2u);
    for (const nlohmann::json& item : body.at("items")) {
      EXPECT_EQ(item.at("status"), "label_created");
      EXPECT_FALSE(item.contains("history"));
      seen.push_back(item.at("order_id"));
    }
    if (body.at("next_cursor").is_null()) {
      break;
    }
    cursor = body.at("next_cursor");
  }
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), seen.size())
      << "no shipment twice";
  std::vector<std::string> mine_seen;
  for (const std::string& id : seen) {
    if (std::find(mine.begin(), mine.end(), id) != mine.end()) {
      mine_seen.push_back(id);
    }
  }
  EXPECT_EQ(mine_seen, mine) << "each of them, oldest first";

  ExpectProblem(As(courier, "GET", "/delivery/shipments?status=lost"), 400);
  ExpectProblem(As(courier, "GET", "/delivery/shipments?limit=0"), 400);
  ExpectProblem(As(courier, "GET", "/delivery/shipments?cursor=garbage"), 400);
  EXPECT_EQ(As(courier, "GET", "/delivery/shipments").status, 200u);
}

TEST_F(DeliveryServiceTest, TheServiceAnswersAsItsDocumentSays) {
  const User customer = NewUser("customer");
  std::vector<std::string> orders;
  for (int i = 0; i < 3; ++i) {
    orders.push_back(ConfirmedOrder(customer));
  }
  SchemathesisRun run("delivery.yaml", service_->port(), TestIdentity::Shared().AdminToken());
  run.known_values = {{"order_id", orders},
                      {"/delivery/orders/{order_id}/status",
                       {{"status", {"picked_up", "in_transit"}}, {"order_id", orders}}}};
  const SchemathesisResult result = RunSchemathesis(run);
  EXPECT_EQ(result.exit_status, 0) << result.report;
  ExpectEachRouteSucceeded(result, {{"GET", "/delivery/orders/{order_id}", 200},
                                    {"POST", "/delivery/orders/{order_id}/status", 200},
                                    {"GET", "/delivery/shipments", 200}});
}

}  // namespace
}  // namespace shop::testing
