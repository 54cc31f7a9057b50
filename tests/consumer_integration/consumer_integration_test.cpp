// The consumer runtime against the real Kafka and Postgres of tests/run: events are applied once,
// duplicates by ce_id are skipped, undecodable and rejected messages land in `<group>.dlq` with
// their dlq_* headers, and later messages keep flowing.
#include <gtest/gtest.h>
#include <librdkafka/rdkafkacpp.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "events/catalog/category_events.hpp"
#include "events/cloud_event.hpp"
#include "events/consumer/event_consumer.hpp"
#include "events/consumer/inbox_retention.hpp"
#include "events/uuid_v7.hpp"
#include "kafka_records.hpp"
#include "platform/text/rfc3339.hpp"
#include "test_support.hpp"

namespace shop::events::consumer {
namespace {

using namespace std::chrono_literals;

constexpr auto kDeadline = 60s;

std::string Unique(const std::string& prefix) {
  static std::atomic<int> counter{0};
  return prefix + "-" + std::to_string(::getpid()) + "-" +
         std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()) + "-" +
         std::to_string(counter++);
}

CloudEvent Event(const std::string& type, const std::string& subject, const std::string& name) {
  CloudEvent event;
  event.id = NewUuidV7();
  event.source = "/services/consumer-test";
  event.type = type;
  event.time = text::FormatRfc3339Utc(std::chrono::system_clock::now());
  event.subject = subject;
  event.data_schema = "urn:shop:schema:" + type + ":v1";
  // Valid category.updated data (the handler table reads it before the handler runs); the
  // handler stores it whole.
  event.data = CategoryUpdated{
      {.id = "0191d0a2-7c4e-7a3b-9f10-2b3c4d5e6f70",
       .name = name,
       .slug = "s",
       .parent_id = std::nullopt,
       .version =
           1}}.ToJson();
  return event;
}

// A dead-letter record read back from Kafka.
using Record = testing::KafkaRecord;

class ConsumerIntegration : public ::testing::Test {
 protected:
  void SetUp() override {
    group_ = Unique("consumer-it");
    source_a_ = Unique("consumer-it.source-a");
    source_b_ = Unique("consumer-it.source-b");
    std::string error;
    std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
    ASSERT_EQ(conf->set("bootstrap.servers", testing::KafkaBootstrap(), error),
              RdKafka::Conf::CONF_OK);
    ASSERT_EQ(conf->set("enable.idempotence", "true", error), RdKafka::Conf::CONF_OK);
    producer_.reset(RdKafka::Producer::create(conf.get(), error));
    ASSERT_NE(producer_, nullptr) << error;
    testing::CreateKafkaTopics({source_a_}, 2);
    testing::CreateKafkaTopics({source_b_, RetryTopic(group_), DeadLetterTopic(group_)}, 1);

    uri_ = testing::CreateDatabase("consumer_it");
    pqxx::connection connection(uri_);
    pqxx::work txn(connection);
    txn.exec(testing::ReferenceInboxSql());
    txn.exec(
        "CREATE TABLE replica (id text PRIMARY KEY, name text NOT NULL, applies int NOT NULL)");
    txn.commit();
    db::PoolOptions pool_options;
    pool_options.conninfo = uri_;
    pool_options.size = 2;
    pool_ = std::make_unique<db::ConnectionPool>(std::move(pool_options));
  }

  void TearDown() override {
    if (consumer_) {
      consumer_->Stop();
    }
    if (runner_.joinable()) {
      runner_.join();
    }
  }

  HandlerTable Handlers() {
    HandlerTable handlers;
    handlers.On<CategoryUpdated>([this](pqxx::work& txn, const CategoryUpdated&,
                                        const CloudEvent& event) {
      if (event.subject.starts_with("reject")) {
        throw PermanentError("handler rejects " + event.subject);
      }
      if (event.subject.starts_with("flaky") && flaky_fails_.load()) {
        throw TransientError("dependency of " + event.subject + " is down");
      }
      txn.exec_params(
          "INSERT INTO replica(id, name, applies) VALUES ($1, $2, 1) ON CONFLICT (id) DO UPDATE "
          "SET name = EXCLUDED.name, applies = replica.applies + 1",
          event.subject, event.data);
    });
    return handlers;
  }

  ConsumerOptions Options(int max_attempts = 5) {
    ConsumerOptions options;
    options.group_id = group_;
    options.bootstrap = testing::KafkaBootstrap();
    options.topics = {source_a_, source_b_};
    options.max_attempts = max_attempts;
    options.backoff = {.base = 10ms, .cap = 50ms};
    options.lag_refresh_every = 100ms;
    return options;
  }

  void Start(int max_attempts = 5) { Start(Options(max_attempts)); }

  void Start(ConsumerOptions options) {
    consumer_ = std::make_unique<EventConsumer>(std::move(options), Handlers(), *pool_, registry_);
    runner_ = std::thread([this] { consumer_->Run(); });
  }

  void Produce(const std::string& topic, const KafkaMessage& message) {
    ASSERT_NO_THROW(testing::ProduceAndFlush(*producer_, topic, message));
  }

  void Produce(const std::string& topic, const CloudEvent& event) {
    Produce(topic, ToKafka(event));
  }

  double Messages(const std::string& outcome) {
    return registry_
        .GetCounter("consumer_messages_total", "", {"group", "outcome"}, {group_, outcome})
        .Value();
  }

  std::optional<std::string> ReplicaName(const std::string& id) {
    pqxx::connection connection(uri_);
    pqxx::work txn(connection);
    const pqxx::result r = txn.exec_params("SELECT name FROM replica WHERE id = $1", id);
    if (r.empty()) {
      return std::nullopt;
    }
    return r[0][0].as<std::string>();
  }

  int Scalar(const std::string& sql) {
    pqxx::connection connection(uri_);
    pqxx::work txn(connection);
    return txn.exec1(sql)[0].as<int>();
  }

  // Reads `count` records of the group's DLQ from the beginning with a plain consumer.
  std::vector<Record> ReadDeadLetters(size_t count) {
    return testing::ReadPartitionZero(DeadLetterTopic(group_), count, kDeadline);
  }

  std::string group_, source_a_, source_b_, uri_;
  std::unique_ptr<RdKafka::Producer> producer_;
  std::unique_ptr<db::ConnectionPool> pool_;
  metrics::Registry registry_;
  std::unique_ptr<EventConsumer> consumer_;
  std::thread runner_;
  std::atomic<bool> flaky_fails_{false};
};

TEST_F(ConsumerIntegration, EveryEventIsAppliedOnceAndARedeliveryIsADuplicate) {
  Start();
  std::vector<CloudEvent> events;
  for (int i = 0; i < 10; ++i) {
    events.push_back(
        Event("category.updated", "cat-" + std::to_string(i), "n" + std::to_string(i)));
    ASSERT_NO_FATAL_FAILURE(Produce(i % 2 == 0 ? source_a_ : source_b_, events.back()));
  }
  ASSERT_TRUE(testing::WaitFor([&] { return Messages("applied") == 10; }, kDeadline))
      << Messages("applied");
  // The same ce_id again, as a relay crash between produce and mark would send it.
  ASSERT_NO_FATAL_FAILURE(Produce(source_a_, events.front()));
  ASSERT_TRUE(testing::WaitFor([&] { return Messages("duplicate") == 1; }, kDeadline));

  EXPECT_EQ(Scalar("SELECT count(*) FROM replica"), 10);
  EXPECT_EQ(Scalar("SELECT sum(applies) FROM replica"), 10);
  EXPECT_EQ(Scalar("SELECT count(*) FROM processed_events"), 10);
  EXPECT_EQ(Messages("applied"), 10);
  EXPECT_EQ(Messages("dead_lettered"), 0);
}

TEST_F(ConsumerIntegration, PoisonMessagesAreDeadLetteredAndLaterMessagesStillApply) {
  Start();
  KafkaMessage poison = ToKafka(Event("category.updated", "cat-poison", "poison"));
  std::erase_if(poison.headers, [](const auto& h) { return h.first == kHeaderType; });
  ASSERT_NO_FATAL_FAILURE(Produce(source_b_, poison));
  const CloudEvent unknown = Event("user.created", "user-1", "unknown");
  ASSERT_NO_FATAL_FAILURE(Produce(source_b_, unknown));
  ASSERT_NO_FATAL_FAILURE(Produce(source_b_, Event("category.updated", "cat-after", "after")));

  ASSERT_TRUE(testing::WaitFor([&] { return ReplicaName("cat-after").has_value(); }, kDeadline));
  EXPECT_EQ(Messages("dead_lettered"), 2);
  const std::vector<Record> records = ReadDeadLetters(2);
  ASSERT_EQ(records.size(), 2u);

  const Record& decode = records[0];
  EXPECT_EQ(decode.key, poison.key);
  EXPECT_EQ(decode.value, poison.value);
  EXPECT_EQ(decode.headers.count(std::string(kHeaderType)), 0u);
  EXPECT_EQ(decode.Header("ce_id"), poison.headers[1].second);  // original headers kept
  EXPECT_EQ(decode.Header("dlq_error_class"), "decode");
  EXPECT_EQ(decode.Header("dlq_original_topic"), source_b_);
  EXPECT_EQ(decode.Header("dlq_original_partition"), "0");
  EXPECT_EQ(decode.Header("dlq_original_offset"), "0");
  EXPECT_EQ(decode.Header("dlq_consumer_group"), group_);
  EXPECT_EQ(decode.Header("dlq_attempts"), "1");
  EXPECT_NE(decode.Header("dlq_error_message").find("ce_type"), std::string::npos)
      << decode.Header("dlq_error_message");
  for (const char* name : {"dlq_original_timestamp", "dlq_first_failed_at", "dlq_failed_at"}) {
    EXPECT_TRUE(text::IsRfc3339(decode.Header(name))) << name << "=" << decode.Header(name);
  }

  const Record& unknown_type = records[1];
  EXPECT_EQ(unknown_type.Header("dlq_error_class"), "unknown_type");
  EXPECT_EQ(unknown_type.Header("dlq_original_offset"), "1");
  EXPECT_EQ(unknown_type.Header("ce_id"), unknown.id);
  EXPECT_EQ(Scalar("SELECT count(*) FROM processed_events"), 1);
}

TEST_F(ConsumerIntegration, RejectedEventIsDeadLetteredAfterMaxAttemptsAndThePartitionMovesOn) {
  Start(/*max_attempts=*/3);
  const CloudEvent rejected = Event("category.updated", "reject-1", "bad");
  ASSERT_NO_FATAL_FAILURE(Produce(source_b_, rejected));  // one partition: order is kept
  ASSERT_NO_FATAL_FAILURE(Produce(source_b_, Event("category.updated", "cat-next", "next")));

  ASSERT_TRUE(testing::WaitFor([&] { return ReplicaName("cat-next").has_value(); }, kDeadline));
  const std::vector<Record> records = ReadDeadLetters(1);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].Header("ce_id"), rejected.id);
  EXPECT_EQ(records[0].Header("dlq_error_class"), "permanent");
  EXPECT_EQ(records[0].Header("dlq_attempts"), "3");
  EXPECT_EQ(records[0].Header("dlq_error_message"), "handler rejects reject-1");
  EXPECT_EQ(records[0].Header("dlq_original_offset"), "0");
  EXPECT_EQ(Messages("dead_lettered"), 1);
  EXPECT_EQ(Messages("applied"), 1);
  EXPECT_EQ(registry_.GetCounter("consumer_retries_total", "", {"group"}, {group_}).Value(), 2);
  // The rejected event's transactions rolled back: no inbox row, so a DLQ replay can apply it.
  EXPECT_EQ(Scalar("SELECT count(*) FROM processed_events"), 1);
}

TEST_F(ConsumerIntegration, AReplayedEventIsCountedAndTheLagDrainsToZero) {
  Start();
  const CloudEvent original = Event("category.updated", "cat-replayed", "again");
  KafkaMessage replayed = ToKafka(original);
  replayed.headers.emplace_back(std::string(kReplayedFromOffsetHeader), "7");
  ASSERT_NO_FATAL_FAILURE(Produce(RetryTopic(group_), replayed));
  ASSERT_NO_FATAL_FAILURE(Produce(source_b_, Event("category.updated", "cat-plain", "plain")));
  ASSERT_TRUE(testing::WaitFor([&] { return Messages("applied") == 2; }, kDeadline));
  const auto counter = [&](const std::string& name) {
    return registry_.GetCounter(name, "", {"group"}, {group_}).Value();
  };
  EXPECT_EQ(counter("consumer_replayed_total"), 1);
  EXPECT_GE(counter("consumer_consumed_total"), 2);
  // The gauge appears at the first refresh after the assignment, and reads 0 once the partition
  // was read to its end.
  const auto lag = [&](const std::string& topic) {
    return testing::MetricValue(
        registry_.RenderText(),
        "consumer_lag{group=\"" + group_ + "\",topic=\"" + topic + "\",partition=\"0\"}");
  };
  EXPECT_TRUE(testing::WaitFor([&] { return lag(RetryTopic(group_)) == 0.0; }, kDeadline));
  EXPECT_TRUE(testing::WaitFor([&] { return lag(source_b_) == 0.0; }, kDeadline));
  EXPECT_EQ(ReplicaName("cat-replayed"), original.data);
}

// Issue 11, defect 1: a partition paused for an in-place retry must not stay paused after a
// rebalance (librdkafka 2.0.2 keeps an application pause across unassign/assign).
TEST_F(ConsumerIntegration, APartitionPausedForARetryResumesAfterARebalance) {
  flaky_fails_ = true;
  Start();
  const CloudEvent first = Event("category.updated", "flaky-1", "first");
  ASSERT_NO_FATAL_FAILURE(Produce(source_b_, first));  // one partition: order is kept
  const auto retries = [this] {
    return registry_.GetCounter("consumer_retries_total", "", {"group"}, {group_}).Value();
  };
  ASSERT_TRUE(testing::WaitFor([&] { return retries() >= 2; }, kDeadline))
      << "the handler's transient failure should be retried in place on a paused partition";

  // A second member joins the group (the partitions are revoked and reassigned) and leaves again.
  {
    metrics::Registry second_registry;
    EventConsumer second(Options(), Handlers(), *pool_, second_registry);
    std::thread second_runner([&] { second.Run(); });
    // The second member shows it was given a partition by applying one of these events, produced
    // under fresh keys (spread over both partitions of source_a_) until it does.
    int spread = 0;
    const bool assigned = testing::WaitFor(
        [&] {
          Produce(source_a_, Event("category.updated", "spread-" + std::to_string(spread++), "x"));
          return second_registry
                     .GetCounter("consumer_messages_total", "", {"group", "outcome"},
                                 {group_, "applied"})
                     .Value() > 0;
        },
        kDeadline);
    second.Stop();
    second_runner.join();
    ASSERT_TRUE(assigned) << "the second member never got a partition";
  }

  flaky_fails_ = false;
  const CloudEvent second_event = Event("category.updated", "flaky-1", "second");
  ASSERT_NO_FATAL_FAILURE(Produce(source_b_, second_event));
  EXPECT_TRUE(testing::WaitFor([&] { return ReplicaName("flaky-1") == second_event.data; }, 30s))
      << "replica holds " << ReplicaName("flaky-1").value_or("nothing");
  EXPECT_EQ(Scalar("SELECT applies FROM replica WHERE id = 'flaky-1'"), 2)
      << "both events must be applied";
}

// Issue 11, defect 2: a dead letter the broker refuses as too large is sent truncated (original
// headers, the reason, the payload's size and hash) instead of being retried forever.
TEST_F(ConsumerIntegration, ADeadLetterTooLargeForTheBrokerIsSentTruncated) {
  group_ = Unique("consumer-it-big");
  testing::CreateKafkaTopics({RetryTopic(group_)}, 1);
  testing::CreateKafkaTopics({DeadLetterTopic(group_)}, 1, {{"max.message.bytes", "8192"}});
  Start(/*max_attempts=*/1);
  const CloudEvent big = Event("category.updated", "reject-big", std::string(20000, 'x'));
  ASSERT_NO_FATAL_FAILURE(Produce(source_b_, big));
  ASSERT_NO_FATAL_FAILURE(Produce(source_b_, Event("category.updated", "cat-next", "next")));

  ASSERT_TRUE(testing::WaitFor([&] { return ReplicaName("cat-next").has_value(); }, kDeadline))
      << "the partition must move on past the oversized dead letter";
  const std::vector<Record> records = ReadDeadLetters(1);
  ASSERT_EQ(records.size(), 1u);
  const Record& record = records[0];
  EXPECT_EQ(record.key, "reject-big");
  EXPECT_TRUE(record.value.empty()) << record.value.size();
  EXPECT_EQ(record.Header("ce_id"), big.id);  // original headers kept
  EXPECT_EQ(record.Header("ce_type"), "category.updated");
  EXPECT_EQ(record.Header("dlq_error_class"), "permanent");
  EXPECT_EQ(record.Header("dlq_error_message"), "handler rejects reject-big");
  EXPECT_EQ(record.Header("dlq_truncated"), "true");
  EXPECT_EQ(record.Header("dlq_original_value_bytes"), std::to_string(big.data.size()));
  EXPECT_EQ(record.Header("dlq_original_value_sha256").size(), 64u);
  EXPECT_NE(record.Header("dlq_truncated_reason").find("too large"), std::string::npos)
      << record.Header("dlq_truncated_reason");
  EXPECT_EQ(Messages("dead_lettered"), 1);
}

// Issue 11, defect 5: the dead-letter producer recovers from a fatal error of the idempotent
// producer (fabricated with librdkafka's rd_kafka_test_fatal_error, as no healthy broker provokes
// one) instead of failing every later dead letter, so the partition moves on.
TEST_F(ConsumerIntegration, TheDeadLetterProducerRecoversFromAFatalError) {
  std::atomic<int> dead_letters{0};
  ConsumerOptions options = Options();
  options.before_dead_letter = [&dead_letters](kafka::Producer& producer) {
    if (dead_letters++ == 0) {
      producer.RaiseFatalErrorForTesting("fabricated by consumer_integration_test");
    }
  };
  Start(std::move(options));
  for (int i = 0; i < 2; ++i) {
    KafkaMessage poison = ToKafka(Event("category.updated", "cat-fatal-" + std::to_string(i), "x"));
    std::erase_if(poison.headers, [](const auto& h) { return h.first == kHeaderType; });
    ASSERT_NO_FATAL_FAILURE(Produce(source_b_, poison));
  }
  ASSERT_NO_FATAL_FAILURE(Produce(source_b_, Event("category.updated", "cat-after", "after")));

  ASSERT_TRUE(testing::WaitFor([&] { return ReplicaName("cat-after").has_value(); }, kDeadline))
      << "the partition must move on past both dead letters";
  EXPECT_EQ(Messages("dead_lettered"), 2);
  const std::vector<Record> records = ReadDeadLetters(2);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].key, "cat-fatal-0");
  EXPECT_EQ(records[1].key, "cat-fatal-1");
  EXPECT_EQ(registry_
                .GetCounter("kafka_producer_fatal_recoveries_total", "", {"client"},
                            {group_ + ".dead-letters"})
                .Value(),
            1);
}

TEST_F(ConsumerIntegration, RefusesToStartWhenTheInboxWouldForgetBeforeTheDeadLetterTopic) {
  const std::string group = Unique("consumer-it-retention");
  testing::CreateKafkaTopics({DeadLetterTopic(group)}, 1,
                             {{"retention.ms", std::to_string(60LL * 86'400'000)}});
  ConsumerOptions options;
  options.group_id = group;
  options.bootstrap = testing::KafkaBootstrap();
  options.topics = {source_a_};
  options.inbox_retention = std::chrono::hours(24 * 30);
  try {
    EventConsumer consumer(options, HandlerTable{}, *pool_, registry_);
    FAIL() << "a 30-day inbox with a 60-day dead-letter topic was accepted";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("inbox retention"), std::string::npos) << e.what();
  }
  options.inbox_retention = std::chrono::hours(24 * 90);
  EXPECT_NO_THROW(EventConsumer(options, HandlerTable{}, *pool_, registry_));
}

TEST_F(ConsumerIntegration, InboxRowsOlderThanTheRetentionArePurgedInBatches) {
  {
    pqxx::connection connection(uri_);
    pqxx::work txn(connection);
    txn.exec_params(
        "INSERT INTO processed_events (consumer, event_id, processed_at) "
        "SELECT $1, gen_random_uuid(), now() - interval '40 days' FROM generate_series(1, 2500)",
        group_);
    txn.exec_params("INSERT INTO processed_events (consumer, event_id) VALUES ($1, $2::uuid)",
                    group_, NewUuidV7());
    txn.exec_params(
        "INSERT INTO processed_events (consumer, event_id, processed_at) "
        "VALUES ('other-group', gen_random_uuid(), now() - interval '40 days')");
    txn.commit();
  }
  EXPECT_EQ(PurgeExpiredInbox(*pool_, group_, std::chrono::hours(24 * 30)), 2500);
  EXPECT_EQ(Scalar("SELECT count(*) FROM processed_events WHERE consumer = '" + group_ + "'"), 1);
  EXPECT_EQ(Scalar("SELECT count(*) FROM processed_events WHERE consumer = 'other-group'"), 1)
      << "another group's rows are its own business";
}

}  // namespace
}  // namespace shop::events::consumer
