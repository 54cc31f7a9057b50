// The outbox relay binary against the real Postgres and Kafka started by tests/run: every row
// arrives (key, value, ce_* headers, per-key order), a transaction that commits late is not
// skipped, and a standby relay takes over when the active one is killed.
#include <gtest/gtest.h>
#include <signal.h>

#include <map>
#include <set>
#include <thread>

#include "relay_fixture.hpp"

namespace shop::relay_test {
namespace {

using namespace std::chrono_literals;
using testing::WaitFor;

TEST(RelayIntegration, PublishesEveryOutboxRowWithKeyHeadersAndPerKeyOrder) {
  const std::string uri = CreateOutboxDatabase("relay_all");
  const std::string topic = CreateTopic("relay.all");
  constexpr int kRows = 30;
  std::vector<WrittenRow> rows;
  std::map<std::string, std::vector<std::string>> ids_by_key;
  {
    pqxx::connection connection(uri);
    for (int i = 0; i < kRows; ++i) {
      pqxx::work txn(connection);
      const std::string key = "cat-" + std::to_string(i % 4);
      rows.push_back(InsertEvent(txn, topic, key, i));
      txn.commit();
      ids_by_key[key].push_back(rows.back().event_id);
    }
  }
  const std::uint16_t port = testing::FreePort();
  testing::ChildProcess relay = StartRelay(uri, port, "relay-all");

  ASSERT_TRUE(WaitFor([&] { return CountUnpublished(uri) == 0; }, 30s))
      << CountUnpublished(uri) << " rows still unpublished";
  EXPECT_EQ(testing::HttpCall(port, "GET", "/health").status, 200u);
  EXPECT_EQ(testing::HttpCall(port, "GET", "/ready").status, 200u);

  const std::vector<Received> received = ConsumeTopic(topic, kRows);
  ASSERT_EQ(received.size(), static_cast<std::size_t>(kRows));
  std::map<std::string, std::vector<std::string>> received_by_key;
  for (const Received& message : received) {
    EXPECT_EQ(message.headers.at("ce_subject"), message.key);
    EXPECT_EQ(message.headers.at("ce_type"), "category.updated");
    EXPECT_EQ(message.headers.at("ce_source"), "/services/category");
    EXPECT_EQ(message.headers.at("ce_specversion"), "1.0");
    EXPECT_EQ(message.headers.at("content-type"), "application/json");
    EXPECT_NE(message.value.find(R"("id": ")" + message.key + "\""), std::string::npos);
    received_by_key[message.key].push_back(message.headers.at("ce_id"));
  }
  EXPECT_EQ(received_by_key, ids_by_key);  // every id, and in insert order within each key

  relay.Signal(SIGTERM);
  EXPECT_EQ(relay.Wait(30s), std::optional<int>(0));
}

// The HTTP status of GET `path`, or 0 while nothing listens on the port yet.
unsigned StatusOrZero(std::uint16_t port, const std::string& path) {
  try {
    return testing::HttpCall(port, "GET", path).status;
  } catch (const std::exception&) {
    return 0;
  }
}

TEST(RelayIntegration, NotReadyWhileItsDatabaseIsUnreachableThenReady) {
  // A port nobody listens on: the session fails, the process lives (/health) but is not ready.
  const std::string unreachable =
      "postgresql://postgres@127.0.0.1:" + std::to_string(testing::FreePort()) +
      "/nowhere?connect_timeout=1";
  const std::uint16_t port = testing::FreePort();
  testing::ChildProcess relay = StartRelay(unreachable, port, "relay-unready");
  ASSERT_TRUE(WaitFor([&] { return StatusOrZero(port, "/health") == 200u; }, 30s));
  const testing::HttpResult unready = testing::HttpCall(port, "GET", "/ready");
  EXPECT_EQ(unready.status, 503u);
  EXPECT_NE(unready.body.find("no database session: nowhere"), std::string::npos) << unready.body;
  relay.Signal(SIGTERM);
  EXPECT_EQ(relay.Wait(30s), std::optional<int>(0));

  // The same relay pointed at a reachable database becomes ready.
  const std::string uri = CreateOutboxDatabase("relay_ready");
  const std::uint16_t ready_port = testing::FreePort();
  testing::ChildProcess ready_relay = StartRelay(uri, ready_port, "relay-ready");
  EXPECT_TRUE(WaitFor([&] { return StatusOrZero(ready_port, "/ready") == 200u; }, 30s));
  ready_relay.Signal(SIGTERM);
  EXPECT_EQ(ready_relay.Wait(30s), std::optional<int>(0));
}

TEST(RelayIntegration, RowOfATransactionThatCommitsLateIsNotSkipped) {
  const std::string uri = CreateOutboxDatabase("relay_late");
  const std::string topic = CreateTopic("relay.late");
  const std::uint16_t port = testing::FreePort();
  testing::ChildProcess relay = StartRelay(uri, port, "relay-late");

  pqxx::connection late_connection(uri);
  pqxx::work late(late_connection);
  const WrittenRow a = InsertEvent(late, topic, "late-a", 1);  // takes the lower id, stays open

  WrittenRow b;
  {
    pqxx::connection connection(uri);
    pqxx::work txn(connection);
    b = InsertEvent(txn, topic, "late-b", 1);
    txn.commit();
  }
  ASSERT_LT(a.id, b.id);
  ASSERT_TRUE(WaitFor([&] { return IsPublished(uri, b.id); }, 30s)) << "B never published";

  late.commit();
  EXPECT_TRUE(WaitFor([&] { return IsPublished(uri, a.id); }, 30s))
      << "the late-committed row with the lower id was skipped";

  std::set<std::string> ids;
  for (const Received& message : ConsumeTopic(topic, 2)) {
    ids.insert(message.headers.at("ce_id"));
  }
  EXPECT_EQ(ids, (std::set<std::string>{a.event_id, b.event_id}));
}

// Rounds overlap (docs/decisions/0044): a batch is selected and produced while the previous
// batch's marks commit on another connection. Those rows must not be read again meanwhile: with
// no fault, every row reaches Kafka exactly once, each key in order.
TEST(RelayIntegration, OverlappingRoundsSendEveryRowOnceInPerKeyOrder) {
  const std::string uri = CreateOutboxDatabase("relay_pipeline");
  const std::string topic = CreateTopic("relay.pipeline");
  constexpr int kRows = 3000;
  std::map<std::string, std::vector<std::string>> ids_by_key;
  {
    pqxx::connection connection(uri);
    pqxx::work txn(connection);
    for (int i = 0; i < kRows; ++i) {
      const std::string key = "cat-" + std::to_string(i % 7);
      ids_by_key[key].push_back(InsertEvent(txn, topic, key, i).event_id);
    }
    txn.commit();
  }
  const std::uint16_t port = testing::FreePort();
  // Small batches: 30 rounds, each overlapping the previous one's marks.
  testing::ChildProcess relay =
      StartRelay(uri, port, "relay-pipeline", {{"SHOP_RELAY_BATCH_SIZE", "100"}});
  ASSERT_TRUE(WaitFor([&] { return CountUnpublished(uri) == 0; }, 60s))
      << CountUnpublished(uri) << " rows still unpublished";
  relay.Signal(SIGTERM);
  EXPECT_EQ(relay.Wait(30s), std::optional<int>(0));

  const std::vector<std::string> on_kafka = EventIdsOnTopic(topic);
  EXPECT_EQ(on_kafka.size(), static_cast<std::size_t>(kRows)) << "duplicates or losses";
  EXPECT_EQ(std::set<std::string>(on_kafka.begin(), on_kafka.end()).size(),
            static_cast<std::size_t>(kRows));
  std::map<std::string, std::vector<std::string>> received_by_key;
  for (const Received& message : ConsumeTopic(topic, kRows)) {
    received_by_key[message.key].push_back(message.headers.at("ce_id"));
  }
  EXPECT_EQ(received_by_key, ids_by_key);
}

TEST(RelayIntegration, StandbyTakesOverWhenTheActiveRelayIsKilled) {
  const std::string uri = CreateOutboxDatabase("relay_failover");
  const std::string topic = CreateTopic("relay.failover");
  const std::uint16_t port_1 = testing::FreePort();
  testing::ChildProcess relay_1 = StartRelay(uri, port_1, "relay-failover-1");
  const std::uint16_t port_2 = testing::FreePort();
  testing::ChildProcess relay_2 = StartRelay(uri, port_2, "relay-failover-2");

  ASSERT_TRUE(WaitFor(
      [&] {
        const auto held_1 = LockHeld(port_1);
        const auto held_2 = LockHeld(port_2);
        return held_1 && held_2 && *held_1 + *held_2 == 1.0;
      },
      20s))
      << "expected exactly one active relay";
  const bool first_active = *LockHeld(port_1) == 1.0;
  testing::ChildProcess& active = first_active ? relay_1 : relay_2;
  const std::uint16_t standby_port = first_active ? port_2 : port_1;
  // Both stay as they are: the standby keeps waiting while the active one lives.
  std::this_thread::sleep_for(1500ms);
  EXPECT_EQ(LockHeld(standby_port), std::optional<double>(0.0));

  active.Signal(SIGKILL);
  ASSERT_TRUE(active.Wait(10s).has_value());

  WrittenRow row;
  {
    pqxx::connection connection(uri);
    pqxx::work txn(connection);
    row = InsertEvent(txn, topic, "failover", 1);
    txn.commit();
  }
  EXPECT_TRUE(WaitFor([&] { return IsPublished(uri, row.id); }, 15s))
      << "the standby did not publish within 15 s";
  EXPECT_EQ(LockHeld(standby_port), std::optional<double>(1.0));
  const std::vector<Received> received = ConsumeTopic(topic, 1);
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received[0].headers.at("ce_id"), row.event_id);
}

}  // namespace
}  // namespace shop::relay_test
