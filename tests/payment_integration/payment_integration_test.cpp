// payment-service against payment-provider-sim, real Postgres and Kafka (docs/decisions/0030):
// each token's outcome, at most one charge per order across retries, a kill -9 and a provider
// outage, refunds once, and a cancellation seen before the payment request.
#include <algorithm>

#include "e2e/schemathesis_run.hpp"
#include "payment_fixture.hpp"
#include "test_identity.hpp"
#include "test_support.hpp"

namespace shop::payment::testing {
namespace {

using shop::testing::TestIdentity;
using shop::testing::WaitFor;

std::vector<std::string> TypesOf(const std::vector<OutboxEvent>& events) {
  std::vector<std::string> types;
  for (const OutboxEvent& event : events) {
    types.push_back(event.type);
  }
  return types;
}

// Every event's data is valid under its schema and carries the checkout's trace.
void ExpectValidEvents(const std::vector<OutboxEvent>& events) {
  for (const OutboxEvent& event : events) {
    const auto [status, output] = shop::testing::ValidateEventData(event.type, event.data.dump());
    EXPECT_EQ(status, 0) << event.type << ": " << output;
    EXPECT_EQ(event.traceparent, kTraceparent) << event.type;
  }
}

class PaymentIntegrationTest : public PaymentFixture {};

// The workers would not look again for an hour: each payment is charged because its insert
// notified 'payment_due' at commit and the listener woke them; so is a refund after a cancellation.
TEST_F(PaymentIntegrationTest, IdleWorkersAreWokenByEachPaymentThatBecomesDue) {
  StartSim();
  StartPayment({{"SHOP_PAYMENT_POLL_INTERVAL", "1h"}, {"SHOP_PAYMENT_WORKERS", "1"}});
  const std::string user = NewId();
  for (int i = 0; i < 3; ++i) {
    const std::string order = NewId();
    RequestPayment(order, user, "tok_visa");
    ASSERT_TRUE(WaitForStatus(order, "succeeded")) << "payment " << i << " was not woken";
    if (i == 2) {
      CancelOrder(order, user);
      ASSERT_TRUE(WaitForStatus(order, "refunded")) << "the refund was not woken";
      EXPECT_EQ(Charges(order), 1u);
    }
  }
}

TEST_F(PaymentIntegrationTest, AVisaPaymentIsChargedOnceAnnouncedAndShownToItsOwnerOnly) {
  StartSim();
  StartPayment();
  const std::string order = NewId();
  const std::string owner = NewId();
  RequestPayment(order, owner, "tok_visa", "59.90");
  RequestPayment(order, owner, "tok_visa", "59.90");  // a duplicate request: still one payment

  ASSERT_TRUE(WaitForStatus(order, "succeeded"));
  EXPECT_EQ(Charges(order), 1u);
  EXPECT_EQ(Column(order, "attempts"), 1);
  EXPECT_TRUE(TokenCleared(order));
  const std::vector<OutboxEvent> events = Events(order);
  ASSERT_EQ(TypesOf(events), std::vector<std::string>{"payment.succeeded"});
  EXPECT_EQ(events[0].data["order_id"], order);
  EXPECT_EQ(events[0].data["amount"], "59.90");
  EXPECT_EQ(events[0].data["version"], 2);
  ExpectValidEvents(events);

  const auto as = [&](const std::string& token) {
    return payment_->Call("GET", "/payments/" + order, "", {{"Authorization", "Bearer " + token}});
  };
  const shop::testing::HttpResult mine = as(TestIdentity::Shared().Token(owner, "customer"));
  ASSERT_EQ(mine.status, 200u) << mine.body;
  const nlohmann::json body = nlohmann::json::parse(mine.body);
  EXPECT_EQ(body["status"], "succeeded");
  EXPECT_EQ(body["amount"], "59.90");
  EXPECT_EQ(body["payment_id"], events[0].data["payment_id"]);
  EXPECT_FALSE(body.contains("token"));
  EXPECT_FALSE(body.contains("last_error"));
  EXPECT_EQ(mine.body.find("tok_visa"), std::string::npos);
  EXPECT_EQ(as(TestIdentity::Shared().Token(NewId(), "customer")).status, 404u);
  const shop::testing::HttpResult admin = as(TestIdentity::Shared().AdminToken());
  ASSERT_EQ(admin.status, 200u);
  EXPECT_TRUE(nlohmann::json::parse(admin.body).contains("last_error"));
  EXPECT_EQ(as("").status, 401u);
  EXPECT_EQ(payment_->Call("GET", "/payments/not-a-uuid").status, 404u);
  EXPECT_EQ(payment_->Call("GET", "/payments/" + NewId()).status, 404u);
}

TEST_F(PaymentIntegrationTest, ADeclinedCardFailsWithoutACharge) {
  StartSim();
  StartPayment();
  const std::string order = NewId();
  RequestPayment(order, NewId(), "tok_declined");
  ASSERT_TRUE(WaitForStatus(order, "failed"));
  EXPECT_EQ(Charges(order), 0u);
  EXPECT_TRUE(TokenCleared(order));
  const std::vector<OutboxEvent> events = Events(order);
  ASSERT_EQ(TypesOf(events), std::vector<std::string>{"payment.failed"});
  EXPECT_EQ(events[0].data["reason"], "declined");
  ExpectValidEvents(events);
}

TEST_F(PaymentIntegrationTest, AnUnknownTokenFailsAsInvalidWithoutACharge) {
  StartSim();
  StartPayment();
  const std::string order = NewId();
  RequestPayment(order, NewId(), "tok_stolen");
  ASSERT_TRUE(WaitForStatus(order, "failed"));
  EXPECT_EQ(Charges(order), 0u);
  const std::vector<OutboxEvent> events = Events(order);
  ASSERT_EQ(TypesOf(events), std::vector<std::string>{"payment.failed"});
  EXPECT_EQ(events[0].data["reason"], "invalid_token");
  ExpectValidEvents(events);
}

TEST_F(PaymentIntegrationTest, AFlakyProviderIsRetriedWithTheSameKeyAndChargesOnce) {
  StartSim();
  StartPayment();
  const std::string order = NewId();
  RequestPayment(order, NewId(), "tok_flaky");
  ASSERT_TRUE(WaitForStatus(order, "succeeded"));
  EXPECT_EQ(Column(order, "attempts"), 3);  // two 503s, then the charge
  const nlohmann::json ledger = Ledger(order);
  ASSERT_EQ(ledger["charges"].size(), 1u);
  EXPECT_EQ(ledger["charges"][0]["idempotency_key"], "charge:" + order);
  EXPECT_EQ(TypesOf(Events(order)), std::vector<std::string>{"payment.succeeded"});
}

TEST_F(PaymentIntegrationTest, ATimedOutChargeIsRetriedUntilTheOrderIsCancelledThenRefundedOnce) {
  // tok_timeout: the sim charges at once but answers after 3 s; the service waits 500 ms.
  StartSim({{"SHOP_SIM_TIMEOUT_DELAY", "3s"}});
  StartPayment({{"SHOP_PAYMENT_PROVIDER_TIMEOUT", "500ms"}});
  const std::string order = NewId();
  const std::string user = NewId();
  RequestPayment(order, user, "tok_timeout");
  ASSERT_TRUE(WaitFor([&] { return Column(order, "attempts") >= 2; }, kDeadline));
  EXPECT_EQ(Status(order), "pending");
  EXPECT_EQ(Charges(order), 1u) << "the retry used the same key: the sim still holds one charge";

  CancelOrder(order, user);  // the order's payment deadline
  ASSERT_TRUE(WaitForStatus(order, "refunded"));
  const nlohmann::json ledger = Ledger(order);
  ASSERT_EQ(ledger["charges"].size(), 1u);
  EXPECT_EQ(ledger["charges"][0]["refunded"], true);
  EXPECT_EQ(ledger["refunds"].size(), 1u);
  const std::vector<std::string> types = TypesOf(Events(order));
  EXPECT_EQ(std::count(types.begin(), types.end(), "payment.refunded"), 1);
  EXPECT_EQ(std::count(types.begin(), types.end(), "payment.failed"), 0);
  ExpectValidEvents(Events(order));
}

TEST_F(PaymentIntegrationTest, ACancellationAfterTheChargeRefundsOnceEvenWhenRepeated) {
  StartSim();
  StartPayment();
  const std::string order = NewId();
  const std::string user = NewId();
  RequestPayment(order, user, "tok_visa");
  ASSERT_TRUE(WaitForStatus(order, "succeeded"));
  CancelOrder(order, user);
  ASSERT_TRUE(WaitForStatus(order, "refunded"));
  CancelOrder(order, user);  // a second cancellation (another ce_id) changes nothing

  EXPECT_EQ(Status(order), "refunded");
  EXPECT_EQ(Column(order, "refund_attempts"), 1);
  EXPECT_EQ(Charges(order), 1u);
  EXPECT_EQ(Refunds(order), 1u);
  const std::vector<OutboxEvent> events = Events(order);
  EXPECT_EQ(TypesOf(events), (std::vector<std::string>{"payment.succeeded", "payment.refunded"}));
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].data["payment_id"], events[0].data["payment_id"]);
  EXPECT_GT(events[1].data["version"].get<int>(), events[0].data["version"].get<int>());
  ExpectValidEvents(events);
}

TEST_F(PaymentIntegrationTest, ACancellationSeenBeforeTheRequestChargesNothing) {
  StartSim();
  StartPayment();
  const std::string order = NewId();
  const std::string user = NewId();
  CancelOrder(order, user);
  EXPECT_EQ(Status(order), "cancelled");
  RequestPayment(order, user, "tok_visa");

  EXPECT_EQ(Status(order), "cancelled");
  EXPECT_TRUE(TokenCleared(order));
  EXPECT_EQ(Column(order, "attempts"), 0);
  EXPECT_EQ(Charges(order), 0u);
  EXPECT_TRUE(Events(order).empty());
  // The tombstone learnt its owner from the request.
  const shop::testing::HttpResult mine = payment_->Call(
      "GET", "/payments/" + order, "",
      {{"Authorization", "Bearer " + TestIdentity::Shared().Token(user, "customer")}});
  ASSERT_EQ(mine.status, 200u) << mine.body;
  EXPECT_EQ(nlohmann::json::parse(mine.body)["status"], "cancelled");
}

TEST_F(PaymentIntegrationTest, ACancellationBeforeAnyChargeAttemptChargesNothing) {
  StartSim();
  // The worker looks for due payments once at start-up, then sleeps for an hour: nothing wakes it
  // (the due-payment listener is off).
  StartPayment({{"SHOP_PAYMENT_POLL_INTERVAL", "1h"},
                {"SHOP_PAYMENT_WORKERS", "1"},
                {"SHOP_DISABLED_TASKS", "due-payments"}});
  const std::string order = NewId();
  const std::string user = NewId();
  RequestPayment(order, user, "tok_visa");
  ASSERT_EQ(Column(order, "attempts"), 0);
  CancelOrder(order, user);
  EXPECT_EQ(Status(order), "cancelled");
  EXPECT_TRUE(TokenCleared(order));

  // A worker that polls again charges a later order and never the cancelled one.
  StartPayment({{"SHOP_PAYMENT_POLL_INTERVAL", "50ms"}});
  const std::string later = NewId();
  RequestPayment(later, user, "tok_visa");
  ASSERT_TRUE(WaitForStatus(later, "succeeded"));
  EXPECT_EQ(Status(order), "cancelled");
  EXPECT_EQ(Column(order, "attempts"), 0);
  EXPECT_EQ(Charges(order), 0u);
  EXPECT_TRUE(Events(order).empty());
}

TEST_F(PaymentIntegrationTest, AChargeInFlightWhenTheOrderIsCancelledIsRefundedOnce) {
  StartSim({{"SHOP_SIM_ANSWER_DELAY", "3s"}});
  StartPayment({{"SHOP_PAYMENT_PROVIDER_TIMEOUT", "8s"}});
  const std::string order = NewId();
  const std::string user = NewId();
  RequestPayment(order, user, "tok_visa");
  ASSERT_TRUE(WaitFor([&] { return Charges(order) == 1; }, kDeadline));
  ASSERT_EQ(Status(order), "pending");  // charged, but the sim holds its answer for 3 s
  CancelOrder(order, user);

  ASSERT_TRUE(WaitForStatus(order, "refunded"));
  EXPECT_EQ(Charges(order), 1u);
  EXPECT_EQ(Refunds(order), 1u);
  EXPECT_EQ(TypesOf(Events(order)),
            (std::vector<std::string>{"payment.succeeded", "payment.refunded"}));
  ExpectValidEvents(Events(order));
}

TEST_F(PaymentIntegrationTest, AServiceKilledMidChargeRetriesWithTheSameKeyAndChargesOnce) {
  StartSim({{"SHOP_SIM_ANSWER_DELAY", "2s"}});
  StartPayment({{"SHOP_PAYMENT_PROVIDER_TIMEOUT", "3s"}, {"SHOP_PAYMENT_PROVIDER_ATTEMPTS", "1"}});
  const std::string order = NewId();
  RequestPayment(order, NewId(), "tok_visa");
  ASSERT_TRUE(WaitFor([&] { return Charges(order) == 1; }, kDeadline));
  ASSERT_EQ(Status(order), "pending");
  KillPayment();  // the sim has charged; the service never heard the answer

  StartPayment();
  ASSERT_TRUE(WaitForStatus(order, "succeeded"));  // after the claim's lease, same key
  EXPECT_EQ(Column(order, "attempts"), 2);
  EXPECT_EQ(Charges(order), 1u);
  EXPECT_EQ(TypesOf(Events(order)), std::vector<std::string>{"payment.succeeded"});
}

TEST_F(PaymentIntegrationTest, AProviderDownForAWhileThenBackPaysWithoutADoubleCharge) {
  StartPayment();  // no provider yet
  const std::string order = NewId();
  RequestPayment(order, NewId(), "tok_visa");
  ASSERT_TRUE(WaitFor([&] { return Column(order, "attempts") >= 3; }, kDeadline));
  EXPECT_EQ(Status(order), "pending");

  StartSim();
  ASSERT_TRUE(WaitForStatus(order, "succeeded"));
  EXPECT_EQ(Charges(order), 1u);
  EXPECT_EQ(TypesOf(Events(order)), std::vector<std::string>{"payment.succeeded"});
}

TEST_F(PaymentIntegrationTest, AProviderThatCrashesAfterChargingIsSettledByItsReplay) {
  StartSim({{"SHOP_SIM_ANSWER_DELAY", "2s"}});
  StartPayment({{"SHOP_PAYMENT_PROVIDER_TIMEOUT", "5s"}});
  const std::string order = NewId();
  RequestPayment(order, NewId(), "tok_visa");
  ASSERT_TRUE(WaitFor([&] { return Charges(order) == 1; }, kDeadline));
  KillSim();  // the connection breaks before the answer: the outcome is unknown
  ASSERT_TRUE(WaitFor([&] { return Column(order, "attempts") >= 2; }, kDeadline));
  EXPECT_EQ(Status(order), "pending");

  StartSim();
  ASSERT_TRUE(WaitForStatus(order, "succeeded"));
  EXPECT_EQ(Charges(order), 1u);
  EXPECT_EQ(TypesOf(Events(order)), std::vector<std::string>{"payment.succeeded"});
}

TEST_F(PaymentIntegrationTest, TwoInstancesCallTheProviderOnceForEachPayment) {
  // Slow answers keep calls in flight, so the four workers of two instances overlap.
  StartSim({{"SHOP_SIM_ANSWER_DELAY", "200ms"}});
  StartPayment({{"SHOP_PAYMENT_WORKERS", "2"}});
  StartSecondPayment();
  std::vector<std::string> orders;
  for (int i = 0; i < 12; ++i) {
    orders.push_back(NewId());
    RequestPayment(orders.back(), NewId(), "tok_visa");
  }
  for (const std::string& order : orders) {
    ASSERT_TRUE(WaitForStatus(order, "succeeded")) << order;
    EXPECT_EQ(Column(order, "attempts"), 1) << order << ": claimed by two workers";
    EXPECT_EQ(Charges(order), 1u) << order;
    EXPECT_EQ(Events(order).size(), 1u) << order;
  }
}

// schemas/openapi/payment.yaml, checked by schemathesis against the running service with a
// payment that exists, so the run reaches the 200 answer and not only the 404s.
TEST_F(PaymentIntegrationTest, PaymentServiceAnswersAsItsDocumentSays) {
  StartSim();
  StartPayment();
  const std::string order = NewId();
  RequestPayment(order, NewId(), "tok_visa");
  ASSERT_TRUE(WaitForStatus(order, "succeeded"));

  shop::testing::SchemathesisRun run("payment.yaml", payment_->port(),
                                     TestIdentity::Shared().AdminToken());
  run.known_values = {{"order_id", {order}}};
  const shop::testing::SchemathesisResult result = shop::testing::RunSchemathesis(run);
  EXPECT_EQ(result.exit_status, 0) << result.report;
  shop::testing::ExpectEachRouteSucceeded(result, {{"GET", "/payments/{order_id}", 200}});
}

}  // namespace
}  // namespace shop::payment::testing
