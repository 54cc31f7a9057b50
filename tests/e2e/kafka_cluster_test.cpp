// Three Kafka brokers (a private KRaft cluster: every topic with 3 replicas, min.insync.replicas=2,
// decision 0039). During a burst of 10,000 category events written through category-service (its
// outbox, the outbox relay, acks=all), `kill -9` of the broker leading a partition of
// category.updated: every event still reaches Kafka (read back by ce_id with kcat), nothing is
// lost, the copies a retry may add are absorbed by product-service's consumer (each event applied
// once: processed_events), and the killed broker, started again, rejoins the ISR of its partitions.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <iostream>
#include <mutex>
#include <pqxx/pqxx>
#include <set>
#include <sstream>
#include <thread>
#include <vector>

#include "api_calls.hpp"
#include "kafka_capture.hpp"
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
constexpr int kPartitions = 3;  // of each, deploy/local/kafka/topics.txt

struct WriteTally {
  std::atomic<int> succeeded{0};
  std::mutex mutex;
  std::vector<std::string> failures;  // all of them; the test expects none
};

// One client of category-service: creates its categories, then renames them in turn. Every
// successful write commits exactly one outbox row.
void RunWriter(const ServiceProcess& category_service, int writer, WriteTally& tally) {
  std::vector<std::string> ids;
  for (int n = 0; n < kWritesPerWriter; ++n) {
    const std::string name = "b" + std::to_string(writer) + "-n" + std::to_string(n);
    const bool create = n < kCategoriesPerWriter;
    try {
      const HttpResult result =
          create ? CreateCategory(category_service, name)
                 : RenameCategory(category_service, ids[n % kCategoriesPerWriter], name);
      if (result.status == (create ? 201u : 200u)) {
        ++tally.succeeded;
        if (create) {
          ids.push_back(IdOf(result));
        }
        continue;
      }
      const std::lock_guard lock(tally.mutex);
      tally.failures.push_back(std::to_string(result.status) + " " + result.body);
    } catch (const std::exception& e) {
      const std::lock_guard lock(tally.mutex);
      tally.failures.push_back(e.what());
    }
    if (create) {
      return;  // a create failed: nothing left to rename in turn
    }
  }
}

std::string UuidArray(const std::set<std::string>& ids) {
  std::string literal = "{";
  for (const std::string& id : ids) {
    literal += (literal.size() > 1 ? "," : "") + id;
  }
  return literal + "}";
}

long CountProcessed(const std::string& product_db, const std::string& group,
                    const std::set<std::string>& ids) {
  pqxx::connection connection(product_db);
  pqxx::work txn(connection);
  return txn
      .exec_params1(
          "SELECT count(*) FROM processed_events WHERE consumer = $1 "
          "AND event_id = ANY($2::uuid[])",
          group, UuidArray(ids))[0]
      .as<long>();
}

// id -> name of every category in `database`.
std::map<std::string, std::string> CategoryNames(const std::string& database) {
  pqxx::connection connection(database);
  pqxx::work txn(connection);
  std::map<std::string, std::string> names;
  for (const pqxx::row& row : txn.exec("SELECT id::text, name FROM categories")) {
    names[row[0].as<std::string>()] = row[1].as<std::string>();
  }
  return names;
}

// The value of one series (e.g. `name{label="x"}`) of a Prometheus text page; 0 when absent.
double SampleValue(const std::string& page, const std::string& series) {
  std::istringstream lines(page);
  for (std::string line; std::getline(lines, line);) {
    if (line.starts_with(series + " ")) {
      return std::stod(line.substr(series.size() + 1));
    }
  }
  return 0;
}

bool Contains(const std::vector<int>& nodes, int node) {
  return std::find(nodes.begin(), nodes.end(), node) != nodes.end();
}

// The partition's state, or a leader of -1 when no node answered the metadata request.
PrivateKafka::PartitionState PartitionOrNone(const PrivateKafka& kafka, const std::string& topic,
                                             int partition) {
  try {
    return kafka.Partition(topic, partition);
  } catch (const std::runtime_error&) {
    return {};
  }
}

std::string Describe(const PrivateKafka::PartitionState& state) {
  std::string text = "leader " + std::to_string(state.leader) + ", isr";
  for (const int node : state.isr) {
    text += " " + std::to_string(node);
  }
  return text;
}

// Kills the leader of category.updated's partition 0 once a quarter of the burst is published,
// waits until another node leads it with the killed one out of its ISR, lets the burst go on for
// another 2,000 published rows on two brokers, and starts the killed node again. Returns it.
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

  PrivateKafka::PartitionState after;
  EXPECT_TRUE(WaitFor(
      [&] {
        after = PartitionOrNone(kafka, "category.updated", 0);
        return after.leader > 0 && after.leader != victim && !Contains(after.isr, victim);
      },
      seconds(60)))
      << "no other broker took over category.updated/0: " << Describe(after);
  std::cout << "[cluster] category.updated/0 now: " << Describe(after) << "\n";

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

// Every partition of the burst's topics has all three replicas in sync again, the restarted node
// among them.
void ExpectNodeBackInEveryIsr(const PrivateKafka& kafka, int node) {
  for (const std::string& topic : kTopics) {
    for (int partition = 0; partition < kPartitions; ++partition) {
      PrivateKafka::PartitionState state;
      EXPECT_TRUE(WaitFor(
          [&] {
            state = PartitionOrNone(kafka, topic, partition);
            return Contains(state.replicas, node) && Contains(state.isr, node) &&
                   state.isr.size() == static_cast<std::size_t>(kBrokers);
          },
          seconds(120)))
          << "broker " << node << " not back in the ISR of " << topic << "/" << partition << ": "
          << Describe(state);
    }
  }
}

// kcat's copy of the burst: each of `ids` at least once, nothing else. Returns the duplicates.
int ExpectEveryEventOnKafka(const PrivateKafka& kafka, const std::set<std::string>& ids) {
  const std::vector<CapturedEvent> captured = CaptureEvents(kafka.Bootstrap(), kTopics);
  std::set<std::string> distinct;
  for (const CapturedEvent& event : captured) {
    distinct.insert(event.id);
  }
  const int duplicates = static_cast<int>(captured.size() - distinct.size());
  std::cout << "[cluster] Kafka holds " << distinct.size() << " distinct ce_id of " << ids.size()
            << " events, plus " << duplicates << " duplicate copies\n";
  EXPECT_EQ(distinct.size(), static_cast<std::size_t>(kEvents));
  const std::vector<std::string> missing = Without(ids, distinct);
  const std::vector<std::string> foreign = Without(distinct, ids);
  EXPECT_TRUE(missing.empty()) << missing.size() << " events lost, e.g. " << missing.front();
  EXPECT_TRUE(foreign.empty()) << foreign.size() << " unknown events, e.g. " << foreign.front();
  return duplicates;
}

TEST(KafkaClusterTest, KillingAPartitionLeaderDuringABurstLosesNoEventAndTheBrokerRejoinsTheIsr) {
  PrivateKafka kafka(kBrokers);
  for (const std::string& topic : kTopics) {
    PrivateKafka::PartitionState state;
    ASSERT_TRUE(WaitFor(
        [&] {
          state = PartitionOrNone(kafka, topic, 0);
          return state.leader > 0;
        },
        seconds(30)))
        << topic << "/0 has no leader: " << kafka.Partition(topic, 0).leader;
    ASSERT_EQ(state.replicas.size(), static_cast<std::size_t>(kBrokers))
        << topic << " is not replicated to every broker";
  }
  PipelineStack stack("cluster", kafka.Bootstrap());
  WriteTally tally;
  int victim = 0;
  {
    std::vector<std::jthread> writers;
    for (int w = 0; w < kWriters; ++w) {
      writers.emplace_back([&, w] { RunWriter(stack.category(), w, tally); });
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

  ExpectNodeBackInEveryIsr(kafka, victim);
  RecordProperty("kafka_duplicates", ExpectEveryEventOnKafka(kafka, ids));

  // product-service's consumer: each event applied once, the replica ends where the source ends.
  EXPECT_TRUE(
      WaitFor([&] { return CountProcessed(stack.product_db(), stack.group(), ids) == kEvents; },
              seconds(120)))
      << CountProcessed(stack.product_db(), stack.group(), ids) << " of " << kEvents << " applied";
  const std::map<std::string, std::string> source = CategoryNames(stack.category_db());
  std::map<std::string, std::string> replica;
  EXPECT_TRUE(WaitFor(
      [&] {
        replica.clear();
        const std::map<std::string, std::string> all = CategoryNames(stack.product_db());
        for (const auto& [id, name] : source) {
          if (const auto found = all.find(id); found != all.end()) {
            replica[id] = found->second;
          }
        }
        return replica == source;
      },
      seconds(60)))
      << "product-service's replica holds " << replica.size() << " of " << source.size()
      << " categories, or other names";
  // Its metrics: every message it read was applied once or skipped as a duplicate.
  const std::string page = stack.product().Call("GET", "/metrics").body;
  const std::string series = "consumer_messages_total{group=\"" + stack.group() + "\",outcome=";
  std::cout << "[cluster] consumer: " << SampleValue(page, series + "\"applied\"}") << " applied, "
            << SampleValue(page, series + "\"duplicate\"}") << " duplicates skipped\n";
  EXPECT_EQ(SampleValue(page, series + "\"applied\"}"), kEvents);
}

}  // namespace
}  // namespace shop::testing
