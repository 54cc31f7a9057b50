// Three Kafka brokers (a private KRaft cluster: every topic with 3 replicas, min.insync.replicas=2,
// decision 0039). During a burst of 10,000 category events written through category-service (its
// outbox, the outbox relay, acks=all), `kill -9` of the broker leading a partition of
// category.updated: every event still reaches Kafka (read back by ce_id with kcat), nothing is
// lost, the copies a retry may add are absorbed by product-service's consumer (each event applied
// once: processed_events), and the killed broker, started again, rejoins the ISR of its partitions.
#include <gtest/gtest.h>

#include <algorithm>
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

constexpr int kBrokers = 3;
constexpr int kWriters = 5;
constexpr int kCategoriesPerWriter = 40;
constexpr int kWritesPerWriter = 2000;  // 40 creates, then renames round-robin
constexpr int kEvents = kWriters * kWritesPerWriter;
const std::vector<std::string> kTopics = {"category.created", "category.updated"};

// Kills the leader of category.updated's partition 0 once a quarter of the burst is published,
// waits until other nodes lead every partition of the burst's topics with the killed one out of
// their ISRs, lets the burst go on for another 2,000 published rows on two brokers, and starts the
// killed node again. Returns it.
int KillALeaderDuringTheBurst(PrivateKafka& kafka, const PipelineStack& stack) {
  long published = 0;
  EXPECT_TRUE(WaitFor(
      [&] {
        published = CountPublished(stack.category_db());
        return published >= kEvents / 4;
      },
      seconds(120)))
      << "the relay never published " << kEvents / 4 << " rows; " << published;
  const PrivateKafka::PartitionState before = kafka.Partition("category.updated", 0);
  const int victim = before.leader;
  EXPECT_EQ(before.isr.size(), static_cast<std::size_t>(kBrokers)) << Describe(before);
  kafka.KillNode(victim);
  std::cout << "[cluster] killed broker " << victim << ", leader of category.updated/0, at "
            << published << " published rows\n";

  ExpectLeadershipMovedOff(kafka, kTopics, victim);
  std::cout << "[cluster] category.updated/0 now: "
            << Describe(PartitionOrNone(kafka, "category.updated", 0)) << "\n";

  const long resume_at = CountPublished(stack.category_db()) + 2000;
  EXPECT_TRUE(WaitFor(
      [&] {
        published = CountPublished(stack.category_db());
        return published >= std::min<long>(resume_at, kEvents);
      },
      seconds(120)))
      << "the burst stalled on two brokers at " << published << " published rows";
  kafka.StartMissingNodes();
  std::cout << "[cluster] broker " << victim << " started again at " << published
            << " published rows\n";
  return victim;
}

TEST(KafkaClusterTest, KillingAPartitionLeaderDuringABurstLosesNoEventAndTheBrokerRejoinsTheIsr) {
  PrivateKafka kafka(kBrokers);
  ASSERT_NO_FATAL_FAILURE(ExpectEveryPartitionLed(kafka, kTopics));
  PipelineStack stack("cluster", kafka.Bootstrap());
  WriteTally tally;
  int victim = 0;
  {
    std::vector<std::jthread> writers;
    for (int w = 0; w < kWriters; ++w) {
      writers.emplace_back([&, w] {
        RunWriter(stack.category(), "b" + std::to_string(w), kCategoriesPerWriter, kWritesPerWriter,
                  tally);
      });
    }
    victim = KillALeaderDuringTheBurst(kafka, stack);
  }  // joins the writers
  ASSERT_TRUE(tally.failures.empty())
      << tally.failures.size() << " writes failed, first " << tally.failures.front();
  ASSERT_EQ(tally.succeeded, kEvents);
  ASSERT_GT(victim, 0);

  ASSERT_TRUE(WaitFor([&] { return CountUnpublished(stack.category_db()) == 0; }, seconds(120)))
      << CountUnpublished(stack.category_db()) << " rows still unpublished";
  const std::set<std::string> ids = OutboxEventIds(stack.category_db());
  ASSERT_EQ(ids.size(), static_cast<std::size_t>(kEvents));

  ExpectNodeBackInEveryIsr(kafka, kTopics, victim);
  const int kafka_duplicates = ExpectEveryEventOnKafka(kafka.Bootstrap(), kTopics, ids, "cluster");
  RecordProperty("kafka_duplicates", kafka_duplicates);
  ExpectEachEventAppliedOnce(stack, ids);
  ExpectConsumerMetricsAgree(stack, kEvents, kafka_duplicates, "cluster");
}

}  // namespace
}  // namespace shop::testing
