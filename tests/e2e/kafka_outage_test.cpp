// Kafka stopped for 30 s while category-service keeps taking writes, on a private broker (stopping
// the shared one would break the tests running beside this one) of one node or of three (all three
// stopped; decision 0039): every write still answers 2xx, the outbox holds them meanwhile, and once
// the brokers are back the relay publishes them all.
// And on three brokers, one of them stopped under traffic (the one leading most partitions of the
// category topics, from the cluster's metadata): with 3 replicas and min.insync.replicas=2 the
// other two take over, the system keeps publishing (acks=all) and consuming meanwhile, nothing is
// lost, the duplicates are absorbed, and the broker started again rejoins every ISR (decision
// 0042).
#include <gtest/gtest.h>

#include <functional>
#include <iostream>
#include <map>
#include <set>
#include <stop_token>
#include <thread>
#include <vector>

#include "api_calls.hpp"
#include "category_burst.hpp"
#include "kafka_capture.hpp"
#include "kafka_cluster_probe.hpp"
#include "outbox_probe.hpp"
#include "pipeline_stack.hpp"
#include "relay_process.hpp"
#include "service_process.hpp"

namespace shop::testing {
namespace {

using std::chrono::seconds;
using Clock = std::chrono::steady_clock;

constexpr auto kOutage = seconds(30);
constexpr int kCategories = 10;
constexpr int kWriters = 2;
// Pacing, not synchronisation: it spreads the writes over the whole outage and keeps the
// backlog to a few thousand rows.
constexpr auto kWritePacing = std::chrono::milliseconds(25);

const std::vector<std::string> kTopics = {"category.created", "category.updated"};

// While `go_on` holds: one create in four, renames of the existing categories otherwise.
void WriteWhile(const ServiceProcess& category_service, const std::vector<std::string>& ids,
                int writer, const std::function<bool()>& go_on, WriteTally& tally) {
  for (int n = 0; go_on(); ++n) {
    const std::string name = "w" + std::to_string(writer) + "-n" + std::to_string(n);
    const bool create = n % 4 == 0;
    try {
      const HttpResult result =
          create ? CreateCategory(category_service, name)
                 : RenameCategory(category_service, ids[(writer * 5 + n) % ids.size()], name);
      if (result.status / 100 == 2) {
        ++tally.succeeded;
      } else {
        const std::lock_guard lock(tally.mutex);
        tally.failures.push_back(std::to_string(result.status) + " " + result.body);
      }
    } catch (const std::exception& e) {
      const std::lock_guard lock(tally.mutex);
      tally.failures.push_back(e.what());
    }
    std::this_thread::sleep_for(kWritePacing);
  }
}

// Writers for kOutage, starting now; meanwhile expects the outbox to grow. Returns the
// writes that succeeded.
int WriteThroughOutage(const ServiceProcess& category, const std::string& database,
                       const std::vector<std::string>& ids) {
  const auto outage_end = Clock::now() + kOutage;
  WriteTally tally;
  {
    std::vector<std::jthread> writers;  // joined when leaving the block, at outage_end
    for (int w = 0; w < kWriters; ++w) {
      writers.emplace_back([&, w] {
        WriteWhile(
            category, ids, w, [&] { return Clock::now() < outage_end; }, tally);
      });
    }
    long backlog = 0;
    EXPECT_TRUE(WaitFor(
        [&] {
          backlog = CountUnpublished(database);
          return backlog >= 50;
        },
        kOutage))
        << "the outbox did not grow while Kafka was down: " << backlog;
  }
  EXPECT_TRUE(tally.failures.empty())
      << tally.failures.size() << " writes failed, first " << tally.failures.front();
  EXPECT_GT(tally.succeeded, 0);
  return tally.succeeded;
}

// The private broker carries this test's events only: exactly the outbox's, each at least once.
void ExpectExactlyTheOutboxOnKafka(const PrivateKafka& kafka, const std::string& database) {
  const std::set<std::string> outbox_ids = OutboxEventIds(database);
  std::set<std::string> captured_ids;
  std::size_t copies = 0;
  for (const CapturedEvent& event : CaptureEvents(kafka.Bootstrap(), kTopics)) {
    captured_ids.insert(event.id);
    ++copies;
  }
  std::cout << "[outage] " << outbox_ids.size() << " outbox rows, " << captured_ids.size()
            << " distinct on Kafka, " << copies - captured_ids.size() << " duplicates\n";
  ::testing::Test::RecordProperty("kafka_duplicates",
                                  static_cast<int>(copies - captured_ids.size()));
  const std::vector<std::string> missing = Without(outbox_ids, captured_ids);
  const std::vector<std::string> foreign = Without(captured_ids, outbox_ids);
  EXPECT_TRUE(missing.empty()) << missing.size() << " events lost, e.g. " << missing.front();
  EXPECT_TRUE(foreign.empty()) << foreign.size() << " unknown events, e.g. " << foreign.front();
}

// The parameter: how many brokers the private Kafka has (all of them stopped).
class KafkaOutageTest : public ::testing::TestWithParam<int> {};

TEST_P(KafkaOutageTest, WritesSucceedWhileKafkaIsDownAndEveryEventIsPublishedWhenItReturns) {
  PrivateKafka kafka(GetParam());
  ASSERT_NO_FATAL_FAILURE(ExpectEveryPartitionLed(kafka, kTopics));
  const std::string database = CreateDatabase("outage_category");
  const ServiceProcess category(
      CATEGORY_SERVICE_BIN, database,
      std::map<std::string, std::string>{{"SHOP_KAFKA_BOOTSTRAP", kafka.Bootstrap()}});
  ChildProcess relay = StartOutboxRelay({database}, kafka.Bootstrap(), "outage");
  std::vector<std::string> ids;
  for (int k = 0; k < kCategories; ++k) {
    const HttpResult created = CreateCategory(category, "before-" + std::to_string(k));
    ASSERT_EQ(created.status, 201u) << created.body;
    ids.push_back(IdOf(created));
  }
  ASSERT_TRUE(WaitFor([&] { return CountUnpublished(database) == 0; }, seconds(60)))
      << "the relay did not publish before the outage";

  kafka.Stop();
  const int writes = WriteThroughOutage(category, database, ids);
  const long backlog = CountUnpublished(database);
  std::cout << "[outage] " << writes << " writes during the outage, " << backlog
            << " rows unpublished at its end\n";
  // The broker was down for every one of them: none can have been acknowledged.
  EXPECT_EQ(backlog, writes);
  EXPECT_TRUE(relay.Running()) << "the relay did not survive the outage";

  const auto restarted = Clock::now();
  kafka.Start();
  ASSERT_TRUE(WaitFor([&] { return CountUnpublished(database) == 0; }, seconds(150)))
      << CountUnpublished(database) << " rows still unpublished after Kafka returned";
  std::cout << "[outage] drained "
            << std::chrono::duration<double>(Clock::now() - restarted).count()
            << " s after the restart began\n";
  EXPECT_EQ(OutboxEventIds(database).size(), static_cast<std::size_t>(kCategories + writes));
  ExpectExactlyTheOutboxOnKafka(kafka, database);
}

// ctest runs each as an entry of its own (tests/e2e/CMakeLists.txt): the three-broker one carries
// the label `scale`.
INSTANTIATE_TEST_SUITE_P(Brokers, KafkaOutageTest, ::testing::Values(1, 3),
                         [](const ::testing::TestParamInfo<int>& info) {
                           return info.param == 1 ? std::string("OneBroker")
                                                  : std::to_string(info.param) + "Brokers";
                         });

// Events that must pass through while one broker is down, and again once it is back: enough for
// every partition of both topics to take writes (a few seconds of kWriters' paced traffic).
constexpr long kProgress = 300;

// Waits until at least `events` more rows are published and applied by product-service's
// consumer than when called.
void ExpectTrafficFlows(const PipelineStack& stack, long events, const std::string& when) {
  const long published_before = CountPublished(stack.category_db());
  const long applied_before = CountAllProcessed(stack.product_db(), stack.group());
  long published = 0;
  long applied = 0;
  EXPECT_TRUE(WaitFor(
      [&] {
        published = CountPublished(stack.category_db());
        applied = CountAllProcessed(stack.product_db(), stack.group());
        return published >= published_before + events && applied >= applied_before + events;
      },
      seconds(90)))
      << when << ": " << published - published_before << " rows published, "
      << applied - applied_before << " events applied; expected " << events << " of each";
  std::cout << "[node-outage] " << when << ": " << published - published_before
            << " more rows published, " << applied - applied_before << " more events applied\n";
}

// Stops the broker leading most partitions of the category topics while the writers run, checks
// that the other two take over and the pipeline keeps flowing, starts it again and waits until it
// is back in every ISR and traffic flows on three. Returns the node stopped.
int StopTheBusiestLeaderUnderTraffic(PrivateKafka& kafka, const PipelineStack& stack) {
  ExpectTrafficFlows(stack, kProgress, "before the stop");
  const int victim = BusiestLeader(kafka, kTopics);
  EXPECT_GT(victim, 0) << "no partition of the category topics has a leader";
  if (victim <= 0) {
    return victim;
  }
  kafka.StopNode(victim);
  std::cout << "[node-outage] stopped broker " << victim
            << ", the leader of most category partitions\n";
  ExpectLeadershipMovedOff(kafka, kTopics, victim);
  std::cout << "[node-outage] category.updated/0 now: "
            << Describe(PartitionOrNone(kafka, "category.updated", 0)) << "\n";
  ExpectTrafficFlows(stack, kProgress, "on two brokers");
  kafka.StartMissingNodes();
  ExpectNodeBackInEveryIsr(kafka, kTopics, victim);
  std::cout << "[node-outage] broker " << victim << " back in every ISR\n";
  ExpectTrafficFlows(stack, kProgress, "on three brokers again");
  return victim;
}

TEST(KafkaNodeOutageTest, OneBrokerOfThreeStoppedUnderTrafficLosesNothingAndRejoinsTheIsr) {
  PrivateKafka kafka(3);
  ASSERT_NO_FATAL_FAILURE(ExpectEveryPartitionLed(kafka, kTopics));
  PipelineStack stack("node_outage", kafka.Bootstrap());
  std::vector<std::string> ids;
  for (int k = 0; k < kCategories; ++k) {
    const HttpResult created = CreateCategory(stack.category(), "before-" + std::to_string(k));
    ASSERT_EQ(created.status, 201u) << created.body;
    ids.push_back(IdOf(created));
  }
  WriteTally tally;
  {
    // A jthread asks its writer to stop before joining it, also when the fault throws.
    std::vector<std::jthread> writers;
    for (int w = 0; w < kWriters; ++w) {
      writers.emplace_back([&, w](const std::stop_token& stop) {
        WriteWhile(
            stack.category(), ids, w, [&] { return !stop.stop_requested(); }, tally);
      });
    }
    EXPECT_GT(StopTheBusiestLeaderUnderTraffic(kafka, stack), 0);
    for (std::jthread& writer : writers) {
      writer.request_stop();
    }
  }  // joins the writers
  EXPECT_TRUE(tally.failures.empty())
      << tally.failures.size() << " writes failed, first " << tally.failures.front();

  ASSERT_TRUE(WaitFor([&] { return CountUnpublished(stack.category_db()) == 0; }, seconds(60)))
      << CountUnpublished(stack.category_db()) << " rows still unpublished";
  const std::set<std::string> events = OutboxEventIds(stack.category_db());
  std::cout << "[node-outage] " << tally.succeeded << " writes, " << events.size()
            << " outbox rows\n";
  EXPECT_EQ(events.size(), static_cast<std::size_t>(kCategories + tally.succeeded));
  const int kafka_duplicates =
      ExpectEveryEventOnKafka(kafka.Bootstrap(), kTopics, events, "node-outage");
  RecordProperty("kafka_duplicates", kafka_duplicates);
  ExpectEachEventAppliedOnce(stack, events);
  ExpectConsumerMetricsAgree(stack, static_cast<long>(events.size()), kafka_duplicates,
                             "node-outage");
}

}  // namespace
}  // namespace shop::testing
