// Outbox::Append against a real Postgres 15 with the reference DDL of events/sql/outbox.sql:
// rows of catalogue events, their CloudEvents headers, transactional visibility and the
// LISTEN/NOTIFY wake-up.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <pqxx/pqxx>
#include <sstream>
#include <string>

#include "events/catalog/category_events.hpp"
#include "events/cloud_event.hpp"
#include "events/outbox_writer.hpp"
#include "events/uuid_v7.hpp"
#include "platform/text/rfc3339.hpp"
#include "test_support.hpp"

namespace shop::events {
namespace {

constexpr const char* kCountRowsSql = "SELECT count(*) FROM outbox";
constexpr const char* kRowsSql =
    "SELECT event_id::text, topic, key, event_type, payload::text, headers::text, "
    "created_at IS NOT NULL, published_at IS NULL FROM outbox ORDER BY id";
constexpr const char* kPayloadEqualsSql =
    "SELECT payload = $1::jsonb FROM outbox WHERE event_id = $2::uuid";

// Long enough for a loaded CI machine; the wait ends as soon as the notification arrives.
constexpr long kNotifyTimeoutSeconds = 10;

// Records the notifications of channel 'outbox' (LISTEN is issued on construction).
class OutboxListener : public pqxx::notification_receiver {
 public:
  explicit OutboxListener(pqxx::connection& connection)
      : pqxx::notification_receiver(connection, "outbox") {}
  void operator()(const std::string& payload, int backend_pid) override {
    payloads.push_back(payload);
    backend_pids.push_back(backend_pid);
  }
  std::vector<std::string> payloads;
  std::vector<int> backend_pids;
};

class OutboxIntegrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    uri_ = shop::testing::CreateDatabase("events_outbox");
    pqxx::connection connection(uri_);
    pqxx::work txn(connection);
    txn.exec(testing::ReferenceOutboxSql());
    txn.commit();
  }

  long CountRows() {
    pqxx::connection connection(uri_);
    pqxx::work txn(connection);
    return txn.exec(kCountRowsSql)[0][0].as<long>();
  }

  std::string uri_;
  Outbox outbox_{"category"};
};

CategoryUpdated Books(const std::string& id, int version) {
  return CategoryUpdated{
      {.id = id, .name = "Books", .slug = "books", .parent_id = std::nullopt, .version = version}};
}

TEST_F(OutboxIntegrationTest, TwoAppendsInOneTransactionStoreTwoCloudEvents) {
  const std::string category = NewUuidV7();
  const CategoryUpdated first = Books(category, 1);
  const std::string traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
  const CategoryUpdated second = Books(category, 2);

  pqxx::connection connection(uri_);
  std::string first_id;
  std::string second_id;
  {
    pqxx::work txn(connection);
    first_id = outbox_.Append(txn, first, traceparent);
    second_id = outbox_.Append(txn, second);
    txn.commit();
  }
  EXPECT_NE(first_id, second_id);
  EXPECT_TRUE(UuidV7Millis(first_id).has_value()) << first_id;
  EXPECT_LT(first_id, second_id);

  pqxx::work txn(connection);
  const pqxx::result rows = txn.exec(kRowsSql);
  ASSERT_EQ(rows.size(), 2U);
  const std::string ids[] = {first_id, second_id};
  const std::string payloads[] = {first.ToJson(), second.ToJson()};
  for (std::size_t i = 0; i < 2; ++i) {
    const pqxx::row& row = rows[static_cast<pqxx::result::size_type>(i)];
    SCOPED_TRACE(ids[i]);
    EXPECT_EQ(row[0].as<std::string>(), ids[i]);
    EXPECT_EQ(row[1].as<std::string>(), "category.updated");
    EXPECT_EQ(row[2].as<std::string>(), category);
    EXPECT_EQ(row[3].as<std::string>(), "category.updated");
    EXPECT_EQ(nlohmann::json::parse(row[4].as<std::string>()), nlohmann::json::parse(payloads[i]));
    EXPECT_TRUE(txn.exec_params(kPayloadEqualsSql, payloads[i], ids[i])[0][0].as<bool>());
    EXPECT_TRUE(row[6].as<bool>());
    EXPECT_TRUE(row[7].as<bool>());

    const nlohmann::json headers = nlohmann::json::parse(row[5].as<std::string>());
    EXPECT_EQ(headers.at("ce_specversion"), "1.0");
    EXPECT_EQ(headers.at("ce_id"), ids[i]);
    EXPECT_EQ(headers.at("ce_source"), "/services/category");
    EXPECT_EQ(headers.at("ce_type"), "category.updated");
    EXPECT_EQ(headers.at("ce_subject"), category);
    EXPECT_EQ(headers.at("content-type"), "application/json");
    EXPECT_EQ(headers.at("ce_dataschema"), "urn:shop:schema:category.updated:v1");
    EXPECT_TRUE(text::IsRfc3339(headers.at("ce_time").get<std::string>()));
  }
  EXPECT_EQ(nlohmann::json::parse(rows[0][5].as<std::string>()).at("traceparent"), traceparent);
  EXPECT_FALSE(nlohmann::json::parse(rows[1][5].as<std::string>()).contains("traceparent"));
}

TEST_F(OutboxIntegrationTest, RolledBackTransactionLeavesNoRow) {
  {
    pqxx::connection connection(uri_);
    pqxx::work txn(connection);
    outbox_.Append(txn, Books(NewUuidV7(), 1));
    txn.abort();
  }
  EXPECT_EQ(CountRows(), 0);
}

// An unknown type does not compile any more (Append takes catalogue types only).
TEST_F(OutboxIntegrationTest, AnEventWithoutAggregateIdIsRefusedBeforeAnyInsert) {
  pqxx::connection connection(uri_);
  pqxx::work txn(connection);
  EXPECT_THROW(outbox_.Append(txn, Books("", 1)), std::invalid_argument);
  txn.commit();  // the transaction is still usable: nothing was sent to Postgres
  EXPECT_EQ(CountRows(), 0);
}

TEST_F(OutboxIntegrationTest, CommitNotifiesTheOutboxChannel) {
  pqxx::connection listen_connection(uri_);
  OutboxListener listener(listen_connection);

  pqxx::connection connection(uri_);
  {
    pqxx::work txn(connection);
    outbox_.Append(txn, Books(NewUuidV7(), 1));
    outbox_.Append(txn, Books(NewUuidV7(), 1));
    txn.commit();
  }
  ASSERT_GT(listen_connection.await_notification(kNotifyTimeoutSeconds, 0), 0)
      << "no notification on 'outbox' within " << kNotifyTimeoutSeconds << " s";
  ASSERT_FALSE(listener.backend_pids.empty());
  EXPECT_EQ(listener.backend_pids.front(), connection.backendpid());
  EXPECT_EQ(listener.payloads.front(), "");
}

TEST_F(OutboxIntegrationTest, RolledBackTransactionSendsNoNotification) {
  pqxx::connection listen_connection(uri_);
  OutboxListener listener(listen_connection);

  pqxx::connection rolled_back(uri_);
  {
    pqxx::work txn(rolled_back);
    outbox_.Append(txn, Books(NewUuidV7(), 1));
    txn.abort();
  }
  // Notifications arrive in commit order: had the rolled-back transaction notified, its
  // notification would come before this one's. So the first one received must be this one's.
  pqxx::connection committed(uri_);
  {
    pqxx::work txn(committed);
    outbox_.Append(txn, Books(NewUuidV7(), 1));
    txn.commit();
  }
  ASSERT_GT(listen_connection.await_notification(kNotifyTimeoutSeconds, 0), 0);
  ASSERT_FALSE(listener.backend_pids.empty());
  EXPECT_EQ(listener.backend_pids.front(), committed.backendpid());
  EXPECT_NE(listener.backend_pids.front(), rolled_back.backendpid());
}

}  // namespace
}  // namespace shop::events
