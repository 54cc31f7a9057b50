// kill -9 of the outbox relay, three times during a burst of 10,000 category events written
// through category-service: every event still reaches Kafka (read back by ce_id with kcat), and
// product-service's consumer applies each exactly once in effect (processed_events), counting the
// redelivered copies as duplicates. On a private broker (10,000 events on the shared category.*
// topics would be re-read by every later test's fresh consumer group), of one node or of three
// (every topic with 3 replicas, min.insync.replicas=2, the relay's producer acks=all: decision
// 0039); the same body for both.
#include <gtest/gtest.h>

#include <iostream>
#include <set>
#include <thread>
#include <vector>

#include "category_burst.hpp"
#include "kafka_cluster_probe.hpp"
#include "outbox_probe.hpp"
#include "pipeline_stack.hpp"

namespace shop::testing {
namespace {

using std::chrono::seconds;

constexpr int kWriters = 5;
constexpr int kCategoriesPerWriter = 40;
constexpr int kWritesPerWriter = 2000;  // 40 creates, then renames round-robin
constexpr int kEvents = kWriters * kWritesPerWriter;
const std::vector<std::string> kTopics = {"category.created", "category.updated"};

// Each kill is triggered by progress, not by time: when the published rows cross a quarter, half
// and three quarters of the burst. The relay is started again at once.
void KillRelayThreeTimes(PipelineStack& stack, const WriteTally& tally) {
  for (const int percent : {25, 50, 75}) {
    const long threshold = kEvents * percent / 100;
    long published = 0;
    ASSERT_TRUE(WaitFor(
        [&] {
          published = CountPublished(stack.category_db());
          return published >= threshold;
        },
        seconds(120)))
        << "the relay never published " << threshold << " rows; " << published;
    stack.KillRelay();
    std::cout << "[crash] relay killed at " << published << " published rows, " << tally.succeeded
              << " written\n";
    stack.StartRelay();
  }
}

// The parameter: how many brokers the private Kafka has.
class RelayCrashTest : public ::testing::TestWithParam<int> {};

TEST_P(RelayCrashTest, EveryEventReachesKafkaAndIsAppliedOnceDespiteThreeKillsOfTheRelay) {
  PrivateKafka kafka(GetParam());
  ASSERT_NO_FATAL_FAILURE(ExpectEveryPartitionLed(kafka, kTopics));
  PipelineStack stack("crash", kafka.Bootstrap());
  WriteTally tally;
  {
    std::vector<std::jthread> writers;
    for (int w = 0; w < kWriters; ++w) {
      writers.emplace_back([&, w] {
        RunWriter(stack.category(), "w" + std::to_string(w), kCategoriesPerWriter, kWritesPerWriter,
                  tally);
      });
    }
    EXPECT_NO_FATAL_FAILURE(KillRelayThreeTimes(stack, tally));
  }  // joins the writers
  ASSERT_TRUE(tally.failures.empty())
      << tally.failures.size() << " writes failed, first " << tally.failures.front();
  ASSERT_EQ(tally.succeeded, kEvents);

  ASSERT_TRUE(WaitFor([&] { return CountUnpublished(stack.category_db()) == 0; }, seconds(120)))
      << CountUnpublished(stack.category_db()) << " rows still unpublished";
  const std::set<std::string> ids = OutboxEventIds(stack.category_db());
  ASSERT_EQ(ids.size(), static_cast<std::size_t>(kEvents));

  // The relay's re-sends of rows it had produced but not yet marked when it was killed are the
  // duplicates; the consumer absorbs them.
  const int kafka_duplicates = ExpectEveryEventOnKafka(kafka.Bootstrap(), kTopics, ids, "crash");
  RecordProperty("kafka_duplicates", kafka_duplicates);
  EXPECT_EQ(Categories(stack.category_db()).size(),
            static_cast<std::size_t>(kWriters * kCategoriesPerWriter));
  ExpectEachEventAppliedOnce(stack, ids);
  ExpectConsumerMetricsAgree(stack, kEvents, kafka_duplicates, "crash");
}

// ctest runs each as an entry of its own (tests/e2e/CMakeLists.txt): the three-broker one carries
// the label `scale`.
INSTANTIATE_TEST_SUITE_P(Brokers, RelayCrashTest, ::testing::Values(1, 3),
                         [](const ::testing::TestParamInfo<int>& info) {
                           return info.param == 1 ? std::string("OneBroker")
                                                  : std::to_string(info.param) + "Brokers";
                         });

}  // namespace
}  // namespace shop::testing
