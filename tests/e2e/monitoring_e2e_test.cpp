// The alert rules and dashboards of deploy/monitoring/ against the whole platform: a Prometheus of
// the test's own (TestPrometheus) scrapes every component each second and evaluates the rules
// with shortened waits (render-rules: every `for:` 1s, every range window 10s, the outbox age
// threshold 5 s). Each fault fires its alert, read from /api/v1/alerts, and recovery resolves it:
// product-service killed and started again (ServiceDown), a poison event (DeadLettersArriving),
// Kafka stopped while a write waits in an outbox (OutboxUnpublishedTooOld). Then, after one order
// through the saga, every query of every Grafana dashboard parses and returns data on the live
// system (a series that exists only after an error or a rare event is queried `or on() vector(0)`
// in the dashboard, which says so in the panel's description).
//
// The tests run in this order in one process (one ctest entry), sharing the system; each leaves
// it healthy for the next.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "events/uuid_v7.hpp"
#include "platform/text/rfc3339.hpp"
#include "saga_fixture.hpp"
#include "test_prometheus.hpp"

namespace shop::testing {
namespace {

using std::chrono::seconds;

// Generous: an alert needs a scrape, an evaluation and its `for:` (about 3 s); the relay needs its
// message timeout (2 s) to notice Kafka is gone, and a while to reconnect once it is back.
constexpr auto kAlertDeadline = seconds(60);
constexpr auto kRecoveryDeadline = seconds(120);

class MonitoringTest : public SagaTest {
 protected:
  static void SetUpTestSuite() {
    ShopOptions options = DefaultOptions();
    // The relay gives up on a batch 2 s after Kafka went away (default 30 s), so it measures its
    // outboxes' age again within seconds.
    options.env["relay"] = {{"SHOP_RELAY_MESSAGE_TIMEOUT", "2s"}};
    StartSystem(options);
    try {
      prometheus_ = std::make_unique<TestPrometheus>(
          System().ScrapeTargets(), std::vector<std::string>{"--for", "1s", "--window", "10s",
                                                             "--set", "OutboxUnpublishedTooOld=5"});
    } catch (const std::exception& e) {
      prometheus_error_ = e.what();
    }
  }
  static void TearDownTestSuite() {
    prometheus_.reset();
    SagaTest::TearDownTestSuite();
  }

  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(SagaTest::SetUp());
    ASSERT_TRUE(prometheus_) << "prometheus did not start: " << prometheus_error_;
    const std::size_t targets = System().ScrapeTargets().size();
    ASSERT_TRUE(WaitFor(
        [&] {
          const nlohmann::json up = Prometheus().Query("count(up == 1)");
          const nlohmann::json& result = up.at("data").at("result");
          return !result.empty() && result[0].at("value")[1] == std::to_string(targets);
        },
        kAlertDeadline))
        << "not every one of the " << targets
        << " components is scraped: " << Prometheus().Query("up").dump();
  }

  static TestPrometheus& Prometheus() { return *prometheus_; }

  // Whether `name` fires for a database whose name starts with `prefix` (the relay's label is the
  // database's name).
  static bool FiringForDatabase(const std::string& name, const std::string& prefix) {
    for (const nlohmann::json& alert : Prometheus().FiringAlerts()) {
      const nlohmann::json& labels = alert.at("labels");
      if (labels.value("alertname", "") == name &&
          labels.value("database", "").starts_with(prefix)) {
        return true;
      }
    }
    return false;
  }

  static std::string AlertsNow() { return nlohmann::json(Prometheus().FiringAlerts()).dump(); }

 private:
  static inline std::unique_ptr<TestPrometheus> prometheus_;
  static inline std::string prometheus_error_;
};

TEST_F(MonitoringTest, AKilledServiceFiresItsDownAlertWhichResolvesOnceItRunsAgain) {
  const std::map<std::string, std::string> product{{"job", "product"}};
  EXPECT_FALSE(Prometheus().Firing("ServiceDown", product)) << AlertsNow();

  System().Kill("product");
  EXPECT_TRUE(WaitFor([&] { return Prometheus().Firing("ServiceDown", product); }, kAlertDeadline))
      << "ServiceDown did not fire for product-service; firing: " << AlertsNow();
  EXPECT_FALSE(Prometheus().Firing("ServiceDown", {{"job", "category"}}))
      << "only the killed service is down";
  const nlohmann::json alert = [&] {
    for (const nlohmann::json& a : Prometheus().FiringAlerts()) {
      if (a.at("labels").value("alertname", "") == "ServiceDown") {
        return a;
      }
    }
    return nlohmann::json{{"labels", nlohmann::json::object()},
                          {"annotations", nlohmann::json::object()}};
  }();
  EXPECT_EQ(alert.at("labels").value("severity", ""), "critical");
  EXPECT_EQ(alert.at("annotations").value("runbook_url", ""),
            "docs/runbooks/alerts.md#servicedown");

  System().Start("product");
  EXPECT_TRUE(
      WaitFor([&] { return !Prometheus().Firing("ServiceDown", product); }, kRecoveryDeadline))
      << "ServiceDown did not resolve after product-service came back; firing: " << AlertsNow();
}

TEST_F(MonitoringTest, APoisonEventFiresTheDeadLetterAlertWhichResolvesAfterItsWindow) {
  const std::map<std::string, std::string> group{{"group", System().Group("product.category-sync")},
                                                 {"job", "product"}};
  EXPECT_FALSE(Prometheus().Firing("DeadLettersArriving", group)) << AlertsNow();

  // A category.updated whose data is not JSON, with every CloudEvents header: product-service's
  // product.category-sync (and cart-service's cart.category-sync) dead-letter it at once.
  const std::string id = events::NewUuidV7();
  const std::string subject = events::NewUuidV7();
  const auto [status, output] = RunCommand(
      "printf '%s' '{not json' | kcat -b " + System().Bootstrap() + " -P -t category.updated -k " +
      subject + " -H ce_specversion=1.0 -H ce_id=" + id + " -H ce_source=/services/category" +
      " -H ce_type=category.updated -H ce_time=" +
      text::FormatRfc3339Utc(std::chrono::system_clock::now()) + " -H ce_subject=" + subject +
      " -H content-type=application/json -H ce_dataschema=urn:shop:schema:category.updated:v1");
  ASSERT_EQ(status, 0) << output;

  EXPECT_TRUE(
      WaitFor([&] { return Prometheus().Firing("DeadLettersArriving", group); }, kAlertDeadline))
      << "DeadLettersArriving did not fire for " << group.at("group")
      << "; firing: " << AlertsNow();
  // The rule looks back 10 s here (10 min in production): with no further dead letter it
  // resolves on its own, while the dead letter stays in the topic for an operator.
  EXPECT_TRUE(
      WaitFor([&] { return !Prometheus().Firing("DeadLettersArriving", group); }, kAlertDeadline))
      << "DeadLettersArriving did not resolve; firing: " << AlertsNow();
}

TEST_F(MonitoringTest, KafkaStoppedFiresTheOutboxAgeAlertWhileAWriteWaitsAndItResolvesAfter) {
  const std::string category_db = "shop_e2e_category";
  EXPECT_FALSE(FiringForDatabase("OutboxUnpublishedTooOld", category_db)) << AlertsNow();

  System().StopKafka();
  // category-service only needs Postgres: the write succeeds and its event waits in the outbox.
  const nlohmann::json category =
      System().CreateCategory("Written while Kafka is down " + events::NewUuidV7().substr(24));
  EXPECT_TRUE(WaitFor([&] { return FiringForDatabase("OutboxUnpublishedTooOld", category_db); },
                      kAlertDeadline))
      << "OutboxUnpublishedTooOld did not fire for category's outbox; firing: " << AlertsNow()
      << "; age: " << Prometheus().Query("outbox_relay_oldest_unpublished_age_seconds").dump();
  EXPECT_GE(System().Scalar("category", "SELECT count(*) FROM outbox WHERE published_at IS NULL"),
            1)
      << "the alert fired for a write that is not waiting";

  System().StartKafka();
  EXPECT_TRUE(WaitFor([&] { return !FiringForDatabase("OutboxUnpublishedTooOld", category_db); },
                      kRecoveryDeadline))
      << "OutboxUnpublishedTooOld did not resolve after Kafka came back; firing: " << AlertsNow();
  EXPECT_TRUE(WaitFor(
      [&] {
        return System().Scalar("category",
                               "SELECT count(*) FROM outbox WHERE published_at IS NULL") == 0;
      },
      kRecoveryDeadline))
      << "the write made during the outage was not published";
}

TEST_F(MonitoringTest, EveryDashboardQueryParsesAndReturnsDataFromTheLiveSystem) {
  // One order through the whole saga first: the payment and shipment series a dashboard shows
  // appear at the first payment (a series born at start-up would not need it).
  const User customer = System().NewCustomer("watcher" + events::NewUuidV7().substr(24));
  const std::string order = Buy(customer, NewProduct("Lamp", "12.50", 5), 1, "tok_visa");
  ASSERT_FALSE(order.empty());
  EXPECT_EQ(WaitForStatus(customer, order, "confirmed|cancelled").value("status", ""), "confirmed");
  // Two scrapes of the new series, so that a rate over it has data.
  const std::string payments = "rate(payment_transitions_total[5m])";
  ASSERT_TRUE(WaitFor([&] { return !Prometheus().Query(payments).at("data").at("result").empty(); },
                      kAlertDeadline))
      << "the payment was not scraped";

  const std::filesystem::path folder =
      std::filesystem::path(SHOP_SOURCE_DIR) / "deploy/monitoring/dashboards";
  int queries = 0;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    if (entry.path().extension() != ".json") {
      continue;
    }
    const nlohmann::json dashboard = nlohmann::json::parse(std::ifstream(entry.path()));
    for (const nlohmann::json& panel : dashboard.at("panels")) {
      for (const nlohmann::json& target : panel.at("targets")) {
        const std::string expr = target.at("expr");
        const std::string where =
            entry.path().filename().string() + " / " + panel.value("title", "?") + ": " + expr;
        const nlohmann::json answer = Prometheus().Query(expr);
        ++queries;
        if (answer.value("status", "") != "success") {
          ADD_FAILURE() << where << " does not parse: " << answer.dump();
          continue;
        }
        EXPECT_FALSE(answer.at("data").at("result").empty()) << where << " returns no data";
      }
    }
  }
  EXPECT_GE(queries, 30) << "the dashboards were not found in " << folder;
}

}  // namespace
}  // namespace shop::testing
