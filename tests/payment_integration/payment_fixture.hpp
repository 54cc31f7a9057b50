#pragma once
// payment-service and payment-provider-sim as real processes on the Postgres and Kafka of
// tests/run, each test with its own two databases and its own consumer group; the test plays
// order-service by producing its events. order.payment_requested and order.cancelled are shared
// topics: the group is positioned at their end before the service starts, so it skips what
// earlier tests left there. Tests that run at the same time (ctest -j) still see each other's
// events and handle them like any other, in their own databases; every test asserts only on its
// own orders.

#include <gtest/gtest.h>
#include <librdkafka/rdkafkacpp.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "e2e/service_process.hpp"
#include "events/cloud_event.hpp"

namespace shop::payment::testing {

inline constexpr std::chrono::seconds kDeadline{60};
// The checkout's trace context, as order-service's events carry it.
inline constexpr const char* kTraceparent =
    "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

// An event payment-service wrote to its outbox.
struct OutboxEvent {
  std::string type;
  nlohmann::json data;
  std::string traceparent;  // "" when none
};

class PaymentFixture : public ::testing::Test {
 protected:
  void SetUp() override;

  // payment-provider-sim on sim_port_ with sim_db_; `env` adds settings (SHOP_SIM_*).
  void StartSim(std::map<std::string, std::string> env = {});
  void KillSim();
  // payment-service with payment_db_ and group_, the provider at sim_port_; `env` adds settings
  // to the defaults (short retry backoff, 1 s provider timeout).
  void StartPayment(std::map<std::string, std::string> env = {});
  void KillPayment();
  // Another payment-service instance on the same database and group (its own port and
  // group.instance.id), with the settings of the last StartPayment.
  void StartSecondPayment();

  static std::string NewId();  // a fresh UUID
  // Produces order.payment_requested / order.cancelled for `order_id` as order-service would,
  // with `traceparent`, and waits until the group has applied it. Returns the ce_id.
  std::string RequestPayment(const std::string& order_id, const std::string& user_id,
                             const std::string& token, const std::string& amount = "59.90",
                             const std::string& traceparent = kTraceparent);
  std::string CancelOrder(const std::string& order_id, const std::string& user_id,
                          const std::string& traceparent = kTraceparent);

  // The payment's status ("" when the order has none) and its columns.
  std::string Status(const std::string& order_id);
  bool WaitForStatus(const std::string& order_id, const std::string& status);
  long long Column(const std::string& order_id, const std::string& column);
  bool TokenCleared(const std::string& order_id);
  std::vector<OutboxEvent> Events(const std::string& order_id);
  // The sim's GET /charges?order_id=: {charges: [...], refunds: [...], voided}.
  nlohmann::json Ledger(const std::string& order_id);
  std::size_t Charges(const std::string& order_id) { return Ledger(order_id)["charges"].size(); }
  std::size_t Refunds(const std::string& order_id) { return Ledger(order_id)["refunds"].size(); }

  std::string payment_db_;
  std::string sim_db_;
  std::string group_;
  std::uint16_t sim_port_ = 0;
  std::uint16_t payment_port_ = 0;
  std::optional<shop::testing::ServiceProcess> sim_;
  std::optional<shop::testing::ServiceProcess> payment_;
  std::optional<shop::testing::ServiceProcess> second_payment_;

 private:
  std::string ProduceAndWait(const events::CloudEvent& event);
  bool Applied(const std::string& event_id);

  std::map<std::string, std::string> payment_env_;
  std::unique_ptr<RdKafka::Producer> producer_;
};

}  // namespace shop::payment::testing
