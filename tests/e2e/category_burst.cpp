#include "category_burst.hpp"

#include <gtest/gtest.h>

#include <iostream>
#include <pqxx/pqxx>

#include "api_calls.hpp"
#include "kafka_capture.hpp"

namespace shop::testing {
namespace {

using std::chrono::seconds;

std::string UuidArray(const std::set<std::string>& ids) {
  std::string literal = "{";
  for (const std::string& id : ids) {
    literal += (literal.size() > 1 ? "," : "") + id;
  }
  return literal + "}";
}

}  // namespace

void RunWriter(const ServiceProcess& category_service, const std::string& tag, int categories,
               int writes, WriteTally& tally) {
  std::vector<std::string> ids;
  for (int n = 0; n < writes; ++n) {
    const std::string name = tag + "-n" + std::to_string(n);
    const bool create = n < categories;
    try {
      const HttpResult result = create
                                    ? CreateCategory(category_service, name)
                                    : RenameCategory(category_service, ids[n % categories], name);
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
      return;
    }
  }
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

CategoryRows Categories(const std::string& database) {
  pqxx::connection connection(database);
  pqxx::work txn(connection);
  CategoryRows categories;
  for (const pqxx::row& row : txn.exec("SELECT id::text, name, version FROM categories")) {
    categories[row[0].as<std::string>()] = {row[1].as<std::string>(), row[2].as<long>()};
  }
  return categories;
}

int ExpectEveryEventOnKafka(const std::string& bootstrap, const std::vector<std::string>& topics,
                            const std::set<std::string>& ids, const std::string& tag) {
  const std::vector<CapturedEvent> captured = CaptureEvents(bootstrap, topics);
  std::set<std::string> distinct;
  for (const CapturedEvent& event : captured) {
    distinct.insert(event.id);
  }
  const int duplicates = static_cast<int>(captured.size() - distinct.size());
  std::cout << "[" << tag << "] Kafka holds " << distinct.size() << " distinct ce_id of "
            << ids.size() << " events, plus " << duplicates << " duplicate copies\n";
  const std::vector<std::string> missing = Without(ids, distinct);
  const std::vector<std::string> foreign = Without(distinct, ids);
  EXPECT_TRUE(missing.empty()) << missing.size() << " events lost, e.g. " << missing.front();
  EXPECT_TRUE(foreign.empty()) << foreign.size() << " unknown events, e.g. " << foreign.front();
  return duplicates;
}

void ExpectEachEventAppliedOnce(const PipelineStack& stack, const std::set<std::string>& ids) {
  const auto expected = static_cast<long>(ids.size());
  EXPECT_TRUE(
      WaitFor([&] { return CountProcessed(stack.product_db(), stack.group(), ids) == expected; },
              seconds(120)))
      << CountProcessed(stack.product_db(), stack.group(), ids) << " of " << expected << " applied";
  const CategoryRows source = Categories(stack.category_db());
  CategoryRows replica;
  EXPECT_TRUE(WaitFor(
      [&] {
        replica.clear();
        const CategoryRows all = Categories(stack.product_db());
        for (const auto& [id, row] : source) {
          if (const auto found = all.find(id); found != all.end()) {
            replica[id] = found->second;
          }
        }
        return replica == source;
      },
      seconds(60)))
      << "product-service's replica holds " << replica.size() << " of " << source.size()
      << " categories, or other names or versions";
}

void ExpectConsumerMetricsAgree(const PipelineStack& stack, long expected_applied,
                                int kafka_duplicates, const std::string& tag) {
  const std::string series = "consumer_messages_total{group=\"" + stack.group() + "\",outcome=";
  double applied = 0;
  double duplicates = 0;
  const bool consistent = WaitFor(
      [&] {
        const std::string page = stack.product().Call("GET", "/metrics").body;
        applied = MetricValue(page, series + "\"applied\"}").value_or(0);
        duplicates = MetricValue(page, series + "\"duplicate\"}").value_or(0);
        return duplicates >= kafka_duplicates &&
               applied == static_cast<double>(CountAllProcessed(stack.product_db(), stack.group()));
      },
      seconds(60));
  std::cout << "[" << tag << "] consumer: " << applied << " applied, " << duplicates
            << " duplicates skipped\n";
  ::testing::Test::RecordProperty("consumer_duplicates", static_cast<int>(duplicates));
  EXPECT_TRUE(consistent) << "applied " << applied << ", duplicates " << duplicates
                          << "; Kafka carried " << kafka_duplicates << " duplicate copies";
  EXPECT_EQ(applied, static_cast<double>(expected_applied));
}

}  // namespace shop::testing
