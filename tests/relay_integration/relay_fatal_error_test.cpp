// The relay loop (in process, on the real Postgres and Kafka) when its idempotent producer hits a
// fatal error mid-batch: the producer is replaced, the rows without a good delivery report go out
// again, and every row ends up published and on Kafka. The fatal error is fabricated with
// librdkafka's rd_kafka_test_fatal_error: a real one cannot be provoked on a healthy broker.
#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>

#include "platform/logging/log.hpp"
#include "relay/relay_loop.hpp"
#include "relay_fixture.hpp"

namespace shop::relay_test {
namespace {

using namespace std::chrono_literals;

TEST(RelayFatalError, ReplacesTheProducerAndPublishesEveryRow) {
  logging::Init("relay-fatal-test", "warn");
  const std::string uri = CreateOutboxDatabase("relay_fatal");
  const std::string topic = CreateTopic("relay.fatal");
  constexpr int kRows = 40;
  std::set<std::string> written;
  {
    pqxx::connection connection(uri);
    for (int i = 0; i < kRows; ++i) {
      pqxx::work txn(connection);
      written.insert(InsertEvent(txn, topic, "fatal-" + std::to_string(i % 5), i).event_id);
      txn.commit();
    }
  }

  relay::LoopOptions options;
  options.batch_size = 10;
  options.poll_interval = 200ms;
  options.producer.client = {.bootstrap = testing::KafkaBootstrap(), .client_id = "relay-test"};
  options.producer.message_timeout = 10s;
  std::atomic<int> batches{0};
  options.after_enqueue = [&batches](events::kafka::Producer& producer) {
    if (++batches == 2) {  // the second batch: one has been marked, the rest wait
      producer.RaiseFatalErrorForTesting("fabricated by relay_fatal_error_test");
    }
  };
  metrics::Registry registry;
  std::atomic<bool> stop{false};
  relay::RelayLoop loop({.uri = uri, .label = "relay_fatal"}, options, registry, stop);
  std::thread runner([&loop] { loop.Run(); });

  const bool drained = testing::WaitFor([&] { return CountUnpublished(uri) == 0; }, 60s);
  stop = true;
  runner.join();
  ASSERT_TRUE(drained) << CountUnpublished(uri) << " rows still unpublished";

  const auto errors = [&](const std::string& kind) {
    return registry
        .GetCounter("outbox_relay_errors_total", "", {"database", "kind"}, {"relay_fatal", kind})
        .Value();
  };
  EXPECT_EQ(errors("fatal"), 1) << "the fabricated error must be seen exactly once";
  EXPECT_GE(batches.load(), 5) << "the batch of the fatal error must have been sent again";

  const std::vector<std::string> on_kafka = EventIdsOnTopic(topic);
  const std::set<std::string> distinct(on_kafka.begin(), on_kafka.end());
  EXPECT_EQ(distinct, written) << on_kafka.size() << " messages on the topic";
}

}  // namespace
}  // namespace shop::relay_test
