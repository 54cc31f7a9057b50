// Kafka stopped for 30 s while category-service keeps taking writes, on a private broker (stopping
// the shared one would break the tests running beside this one): every write still answers 2xx,
// the outbox holds them meanwhile, and once the broker is back the relay publishes them all.
#include <gtest/gtest.h>

#include <atomic>
#include <iostream>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "api_calls.hpp"
#include "kafka_capture.hpp"
#include "outbox_probe.hpp"
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

struct OutageTally {
  std::atomic<int> succeeded{0};
  std::mutex mutex;
  std::vector<std::string> failures;
};

// Until `until`: one create in four, renames of the existing categories otherwise.
void WriteUntil(const ServiceProcess& category_service, const std::vector<std::string>& ids,
                int writer, Clock::time_point until, OutageTally& tally) {
  for (int n = 0; Clock::now() < until; ++n) {
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
  OutageTally tally;
  {
    std::vector<std::jthread> writers;  // joined when leaving the block, at outage_end
    for (int w = 0; w < kWriters; ++w) {
      writers.emplace_back([&, w] { WriteUntil(category, ids, w, outage_end, tally); });
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
  for (const CapturedEvent& event :
       CaptureEvents(kafka.Bootstrap(), {"category.created", "category.updated"})) {
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

TEST(KafkaOutageTest, WritesSucceedWhileKafkaIsDownAndEveryEventIsPublishedWhenItReturns) {
  PrivateKafka kafka;
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

}  // namespace
}  // namespace shop::testing
