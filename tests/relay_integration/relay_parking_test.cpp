// Rows Kafka refuses for good (issue 11, defect 2): the relay parks such a row with its reason
// instead of re-sending it every round, holds the later rows of its key behind it (per-key order,
// docs/decisions/0022), and keeps publishing every other key. The relay binary runs against the
// real Postgres and Kafka of tests/run.
#include <gtest/gtest.h>
#include <unistd.h>

#include <set>
#include <string>

#include "relay_fixture.hpp"

namespace shop::relay_test {
namespace {

using namespace std::chrono_literals;
using testing::WaitFor;

struct RowState {
  bool published = false;
  bool parked = false;
  std::string reason;
};

RowState StateOf(const std::string& uri, std::int64_t id) {
  pqxx::connection connection(uri);
  pqxx::work txn(connection);
  const pqxx::row r = txn.exec_params1(
      "SELECT published_at IS NOT NULL, parked_at IS NOT NULL, coalesce(parked_reason, '') "
      "FROM outbox WHERE id = $1",
      id);
  return {
      .published = r[0].as<bool>(), .parked = r[1].as<bool>(), .reason = r[2].as<std::string>()};
}

WrittenRow InsertOne(const std::string& uri, const std::string& topic, const std::string& key,
                     int version, std::size_t padding = 0) {
  pqxx::connection connection(uri);
  pqxx::work txn(connection);
  WrittenRow row = InsertEvent(txn, topic, key, version);
  if (padding > 0) {
    // Bigger than librdkafka's message.max.bytes (1,000,000): Kafka refuses it every time.
    txn.exec_params(
        "UPDATE outbox SET payload = jsonb_set(payload, '{padding}', to_jsonb($2::text)) "
        "WHERE id = $1",
        row.id, std::string(padding, 'x'));
  }
  txn.commit();
  return row;
}

std::string Series(const std::string& name, const std::string& uri_label,
                   const std::string& extra = {}) {
  return name + "{database=\"" + uri_label + "\"" + extra + "}";
}

std::string DatabaseName(const std::string& uri) { return uri.substr(uri.rfind('/') + 1); }

TEST(RelayParking, ARowKafkaRefusesIsParkedItsKeyHeldAndOtherKeysKeepFlowing) {
  const std::string uri = CreateOutboxDatabase("relay_parking");
  const std::string topic = CreateTopic("relay.parking");
  const WrittenRow before = InsertOne(uri, topic, "other-1", 1);
  const WrittenRow big = InsertOne(uri, topic, "big", 1, 1'100'000);
  const WrittenRow middle = InsertOne(uri, topic, "other-2", 1);
  const WrittenRow big_later = InsertOne(uri, topic, "big", 2);

  const std::uint16_t port = testing::FreePort();
  testing::ChildProcess relay = StartRelay(uri, port, "relay-parking");
  ASSERT_TRUE(WaitFor([&] { return StateOf(uri, big.id).parked; }, 30s))
      << "the oversized row was never parked";
  ASSERT_TRUE(WaitFor([&] { return StateOf(uri, big_later.id).parked; }, 30s))
      << "the later row of the parked key must be held (parked) behind it";
  EXPECT_TRUE(WaitFor(
      [&] { return StateOf(uri, before.id).published && StateOf(uri, middle.id).published; }, 30s))
      << "rows of other keys must keep flowing";
  const RowState big_state = StateOf(uri, big.id);
  EXPECT_FALSE(big_state.published);
  EXPECT_NE(big_state.reason.find("too large"), std::string::npos) << big_state.reason;
  const RowState held = StateOf(uri, big_later.id);
  EXPECT_FALSE(held.published);
  EXPECT_NE(held.reason.find(std::to_string(big.id)), std::string::npos) << held.reason;

  // A row written after the parking is published too, and the parked row is not sent again.
  const WrittenRow after = InsertOne(uri, topic, "other-3", 1);
  EXPECT_TRUE(WaitFor([&] { return StateOf(uri, after.id).published; }, 30s));
  const std::string label = DatabaseName(uri);
  EXPECT_TRUE(WaitFor(
      [&] {
        return RelayMetric(port, Series("outbox_relay_parked_rows", label)) ==
               std::optional<double>(2.0);
      },
      10s))
      << "outbox_relay_parked_rows should count the parked and the held row";
  EXPECT_EQ(RelayMetric(port, Series("outbox_relay_errors_total", label, ",kind=\"permanent\"")),
            std::optional<double>(1.0))
      << "the refused row must be tried once, not every round";
  EXPECT_TRUE(WaitFor(
      [&] {
        return RelayMetric(port, Series("outbox_relay_outbox_depth", label)) ==
               std::optional<double>(0.0);
      },
      10s))
      << "parked rows are not part of the depth waiting to be published";

  const std::vector<std::string> ids = EventIdsOnTopic(topic);
  const std::set<std::string> on_kafka(ids.begin(), ids.end());
  EXPECT_EQ(on_kafka, (std::set<std::string>{before.event_id, middle.event_id, after.event_id}));
}

// The broker refuses a whole batch when one record in it is over the topic's max.message.bytes:
// the other rows of that batch are sent again (the large one alone) and only the large one is
// parked.
TEST(RelayParking, OnlyTheRowTheBrokerRefusesIsParkedNotTheOthersOfItsBatch) {
  const std::string uri = CreateOutboxDatabase("relay_topic_limit");
  const std::string topic =
      "relay.topic-limit-" + std::to_string(::getpid()) + "-" +
      std::to_string(std::chrono::steady_clock::now().time_since_epoch().count());
  testing::CreateKafkaTopics({topic}, 1, {{"max.message.bytes", "4096"}});
  std::vector<WrittenRow> small;
  small.push_back(InsertOne(uri, topic, "small-1", 1));
  const WrittenRow big = InsertOne(uri, topic, "big", 1, 8'000);
  small.push_back(InsertOne(uri, topic, "small-2", 1));
  small.push_back(InsertOne(uri, topic, "small-3", 1));

  const std::uint16_t port = testing::FreePort();
  testing::ChildProcess relay = StartRelay(uri, port, "relay-topic-limit");
  ASSERT_TRUE(WaitFor([&] { return StateOf(uri, big.id).parked; }, 60s))
      << "the row over the topic's limit was never parked";
  for (const WrittenRow& row : small) {
    EXPECT_TRUE(WaitFor([&] { return StateOf(uri, row.id).published; }, 30s))
        << "row " << row.id << " shared a batch with the large one and must still be published";
    EXPECT_FALSE(StateOf(uri, row.id).parked);
  }
  EXPECT_NE(StateOf(uri, big.id).reason.find("too large"), std::string::npos)
      << StateOf(uri, big.id).reason;
}

TEST(RelayParking, ARowForATopicThatDoesNotExistIsParkedAfterTheGracePeriod) {
  const std::string uri = CreateOutboxDatabase("relay_absent");
  const std::string topic = CreateTopic("relay.absent");
  const WrittenRow lost = InsertOne(uri, topic + ".never-created", "lost", 1);
  const WrittenRow fine = InsertOne(uri, topic, "fine", 1);

  const std::uint16_t port = testing::FreePort();
  testing::ChildProcess relay =
      StartRelay(uri, port, "relay-absent",
                 {{"SHOP_RELAY_TOPIC_GRACE", "2s"}, {"SHOP_RELAY_MESSAGE_TIMEOUT", "3s"}});
  EXPECT_TRUE(WaitFor([&] { return StateOf(uri, fine.id).published; }, 30s));
  ASSERT_TRUE(WaitFor([&] { return StateOf(uri, lost.id).parked; }, 60s))
      << "a row for a missing topic must be parked once the grace period has passed";
  EXPECT_NE(StateOf(uri, lost.id).reason.find("topic"), std::string::npos)
      << StateOf(uri, lost.id).reason;
}

}  // namespace
}  // namespace shop::relay_test
