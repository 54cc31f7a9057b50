// kill -9 of the outbox relay, three times during a burst of 10,000 category events written
// through category-service: every event still reaches Kafka (read back with kcat), and
// product-service's consumer applies each exactly once in effect (processed_events), counting the
// redelivered copies as duplicates. On a private broker: 10,000 events on the shared category.*
// topics would be re-read by every later test's fresh consumer group.
#include <gtest/gtest.h>

#include <atomic>
#include <iostream>
#include <map>
#include <mutex>
#include <pqxx/pqxx>
#include <set>
#include <sstream>
#include <thread>
#include <utility>
#include <vector>

#include "api_calls.hpp"
#include "kafka_capture.hpp"
#include "outbox_probe.hpp"
#include "pipeline_stack.hpp"

namespace shop::testing {
namespace {

using std::chrono::seconds;

constexpr int kWriters = 5;
constexpr int kCategoriesPerWriter = 40;
constexpr int kWritesPerWriter = 2000;  // 40 creates, then renames round-robin
constexpr int kEvents = kWriters * kWritesPerWriter;

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
    const std::string name = "w" + std::to_string(writer) + "-n" + std::to_string(n);
    try {
      const bool create = n < kCategoriesPerWriter;
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
    if (ids.size() < static_cast<std::size_t>(std::min(n + 1, kCategoriesPerWriter))) {
      return;  // a create failed: nothing left to rename in turn
    }
  }
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

long CountAllProcessed(const std::string& product_db, const std::string& group) {
  pqxx::connection connection(product_db);
  pqxx::work txn(connection);
  return txn.exec_params1("SELECT count(*) FROM processed_events WHERE consumer = $1", group)[0]
      .as<long>();
}

// id -> (name, version) of every category in `database`'s `categories` table.
std::map<std::string, std::pair<std::string, long>> Categories(const std::string& database,
                                                               const std::set<std::string>& ids) {
  pqxx::connection connection(database);
  pqxx::work txn(connection);
  std::map<std::string, std::pair<std::string, long>> categories;
  for (const pqxx::row& row :
       txn.exec_params("SELECT id::text, name, version FROM categories WHERE id = ANY($1::uuid[])",
                       UuidArray(ids))) {
    categories[row[0].as<std::string>()] = {row[1].as<std::string>(), row[2].as<long>()};
  }
  return categories;
}

// id -> (name, version) of every category of category-service.
std::map<std::string, std::pair<std::string, long>> AllCategories(const std::string& category_db) {
  pqxx::connection connection(category_db);
  pqxx::work txn(connection);
  std::set<std::string> ids;
  for (const pqxx::row& row : txn.exec("SELECT id::text FROM categories")) {
    ids.insert(row[0].as<std::string>());
  }
  return Categories(category_db, ids);
}

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

// Reads the private broker with kcat and expects each of `ids` at least once and nothing else;
// returns the copies beyond the first (the relay's re-sends of rows it had produced but not yet
// marked when it was killed).
int ExpectEveryEventOnKafka(const PrivateKafka& kafka, const std::set<std::string>& ids) {
  const std::vector<CapturedEvent> captured =
      CaptureEvents(kafka.Bootstrap(), {"category.created", "category.updated"});
  int missing = 0;
  int duplicates = 0;
  for (const auto& [id, count] : CopiesOf(captured, ids)) {
    missing += count == 0 ? 1 : 0;
    duplicates += count > 1 ? count - 1 : 0;
  }
  std::cout << "[crash] Kafka holds " << ids.size() - missing << " of " << ids.size()
            << " events, plus " << duplicates << " duplicate copies\n";
  EXPECT_EQ(missing, 0);
  EXPECT_EQ(captured.size(), ids.size() - missing + duplicates)
      << "the private broker holds events that are in no outbox";
  return duplicates;
}

// Each event recorded once in processed_events (its primary key is (consumer, event_id)), and the
// replica ends where category-service ends.
void ExpectEachEventAppliedOnce(const PipelineStack& stack, const std::set<std::string>& ids) {
  EXPECT_TRUE(
      WaitFor([&] { return CountProcessed(stack.product_db(), stack.group(), ids) == kEvents; },
              seconds(120)))
      << CountProcessed(stack.product_db(), stack.group(), ids) << " of " << kEvents << " applied";
  const auto expected = AllCategories(stack.category_db());
  EXPECT_EQ(expected.size(), static_cast<std::size_t>(kWriters * kCategoriesPerWriter));
  std::set<std::string> category_ids;
  for (const auto& [id, state] : expected) {
    category_ids.insert(id);
  }
  EXPECT_TRUE(WaitFor([&] { return Categories(stack.product_db(), category_ids) == expected; },
                      seconds(60)))
      << "product-service's replica differs from category-service's categories";
}

// The consumer's metrics: every copy read after the first is a duplicate (a redelivery after a
// rebalance would add more), every applied message is one processed_events row.
void ExpectConsumerMetricsAgree(const PipelineStack& stack, int kafka_duplicates) {
  const std::string series = "consumer_messages_total{group=\"" + stack.group() + "\",outcome=";
  double applied = 0;
  double duplicates = 0;
  const bool consistent = WaitFor(
      [&] {
        const std::string page = stack.product().Call("GET", "/metrics").body;
        applied = SampleValue(page, series + "\"applied\"}");
        duplicates = SampleValue(page, series + "\"duplicate\"}");
        return duplicates >= kafka_duplicates &&
               applied == static_cast<double>(CountAllProcessed(stack.product_db(), stack.group()));
      },
      seconds(60));
  std::cout << "[crash] consumer: " << applied << " applied, " << duplicates
            << " duplicates skipped\n";
  ::testing::Test::RecordProperty("consumer_duplicates", static_cast<int>(duplicates));
  EXPECT_TRUE(consistent) << "applied " << applied << ", duplicates " << duplicates
                          << "; Kafka carried " << kafka_duplicates << " duplicate copies";
  EXPECT_EQ(applied, kEvents);
}

TEST(RelayCrashTest, EveryEventReachesKafkaAndIsAppliedOnceDespiteThreeKillsOfTheRelay) {
  PrivateKafka kafka;
  PipelineStack stack("crash", kafka.Bootstrap());
  WriteTally tally;
  {
    std::vector<std::jthread> writers;
    for (int w = 0; w < kWriters; ++w) {
      writers.emplace_back([&, w] { RunWriter(stack.category(), w, tally); });
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

  const int kafka_duplicates = ExpectEveryEventOnKafka(kafka, ids);
  RecordProperty("kafka_duplicates", kafka_duplicates);
  ExpectEachEventAppliedOnce(stack, ids);
  ExpectConsumerMetricsAgree(stack, kafka_duplicates);
}

}  // namespace
}  // namespace shop::testing
