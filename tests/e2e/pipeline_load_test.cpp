// Mixed load on the whole outbox pipeline (real binaries, Postgres and Kafka): four clients rename
// categories in category-service and create products in them in product-service, interleaved.
// A product takes its category's name from product-service's replica while the consumer is
// renaming that very category, which is where a lost rename would show.
#include <gtest/gtest.h>

#include <atomic>
#include <iostream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <set>
#include <stop_token>
#include <thread>
#include <vector>

#include "api_calls.hpp"
#include "kafka_capture.hpp"
#include "outbox_probe.hpp"
#include "pipeline_stack.hpp"

namespace shop::testing {
namespace {

using std::chrono::seconds;

constexpr int kCategories = 8;
constexpr int kClients = 4;
constexpr int kIterationsPerClient = 250;  // each: a rename and a product; 1,000 renames in all
// Then products only, until the replica is final: a bound, so a slow consumer is not buried.
constexpr int kMaxExtraProductsPerClient = 250;

struct ClientTally {
  std::atomic<int> renamed{0};
  std::atomic<int> still_renaming{kClients};  // clients not yet past their renames
  std::atomic<int> failed{0};
  std::mutex mutex;
  std::vector<std::string> failures;       // first few, for the report
  std::map<std::string, int> products_of;  // product id -> category index

  void Fail(const std::string& what) {
    ++failed;
    const std::lock_guard lock(mutex);
    if (failures.size() < 5) {
      failures.push_back(what);
    }
  }
};

void CreateProductIn(const PipelineStack& stack, const std::vector<std::string>& categories,
                     int filed, ClientTally& tally) {
  const HttpResult created = CreateProduct(stack.product(), categories[filed], "p");
  if (created.status == 201u) {
    const std::lock_guard lock(tally.mutex);
    tally.products_of[IdOf(created)] = filed;
  } else {
    tally.Fail("product " + std::to_string(created.status) + " " + created.body);
  }
}

void RenameOne(const PipelineStack& stack, const std::vector<std::string>& categories, int renamed,
               const std::string& name, ClientTally& tally) {
  const HttpResult rename = RenameCategory(stack.category(), categories[renamed], name);
  if (rename.status == 200u) {
    ++tally.renamed;
  } else {
    tally.Fail("rename " + std::to_string(rename.status) + " " + rename.body);
  }
}

// One client: rename a category, create a product in another one, kIterationsPerClient times;
// then create products only, until stopped (or kMaxExtraProductsPerClient more). The test stops
// the clients once product-service's replica holds every final name, so creations also overlap
// the consumer applying the last renames: the moment when a product could keep a stale name for
// good. Names are unique per (category, client, iteration), so every rename changes the name and
// writes one event.
void RunClient(const std::stop_token& stop, const PipelineStack& stack,
               const std::vector<std::string>& categories, int client, ClientTally& tally) {
  for (int n = 0; !stop.stop_requested() && n < kIterationsPerClient + kMaxExtraProductsPerClient;
       ++n) {
    try {
      if (n < kIterationsPerClient) {
        const int renamed = (client * 2 + n) % kCategories;
        RenameOne(stack, categories, renamed,
                  "k" + std::to_string(renamed) + "-c" + std::to_string(client) + "-n" +
                      std::to_string(n),
                  tally);
      }
      CreateProductIn(stack, categories, (client * 3 + n * 5) % kCategories, tally);
    } catch (const std::exception& e) {
      tally.Fail(e.what());
    }
    if (n + 1 == kIterationsPerClient) {
      --tally.still_renaming;
    }
  }
}

// category id -> name of the categories in `names` as product-service's replica holds them (it
// also holds the categories of other tests, from the shared topics).
std::map<std::string, std::string> ReplicaNamesOf(const std::string& product_db,
                                                  const std::map<std::string, std::string>& names) {
  pqxx::connection connection(product_db);
  pqxx::work txn(connection);
  std::map<std::string, std::string> replica;
  for (const pqxx::row& row : txn.exec("SELECT id::text, name FROM categories")) {
    if (names.contains(row[0].as<std::string>())) {
      replica[row[0].as<std::string>()] = row[1].as<std::string>();
    }
  }
  return replica;
}

// product id -> category_name of every product of `category_id`, through the paged listing.
std::map<std::string, std::string> ListedCategoryNames(const PipelineStack& stack,
                                                       const std::string& category_id) {
  std::map<std::string, std::string> names;
  std::string cursor;
  do {
    const HttpResult page =
        stack.product().Call("GET", "/api/products?limit=100&category_id=" + category_id +
                                        (cursor.empty() ? "" : "&cursor=" + cursor));
    if (page.status != 200u) {
      return {};
    }
    const auto json = nlohmann::json::parse(page.body);
    for (const auto& item : json.at("items")) {
      names[item.at("id").get<std::string>()] = item.at("category_name").get<std::string>();
    }
    cursor = json.at("next_cursor").is_string() ? json.at("next_cursor").get<std::string>() : "";
  } while (!cursor.empty());
  return names;
}

// kCategories categories, each with a first product: it can only be created once the category
// has reached product-service's replica, so it waits for the consumer.
void CreateSeededCategories(const PipelineStack& stack, std::vector<std::string>& categories,
                            ClientTally& tally) {
  for (int k = 0; k < kCategories; ++k) {
    const HttpResult created = CreateCategory(stack.category(), "k" + std::to_string(k));
    ASSERT_EQ(created.status, 201u) << created.body;
    categories.push_back(IdOf(created));
  }
  for (int k = 0; k < kCategories; ++k) {
    std::string product_id;
    ASSERT_TRUE(WaitFor(
        [&] {
          const HttpResult r = CreateProduct(stack.product(), categories[k], "seed");
          product_id = r.status == 201u ? IdOf(r) : "";
          return !product_id.empty();
        },
        seconds(60)))
        << "category " << categories[k] << " never reached product-service's replica";
    tally.products_of[product_id] = k;
  }
}

// category id -> name, as category-service holds them.
void ReadFinalNames(const PipelineStack& stack, const std::vector<std::string>& categories,
                    std::map<std::string, std::string>& final_names) {
  for (const std::string& id : categories) {
    const HttpResult category = stack.category().Call("GET", "/api/categories/" + id);
    ASSERT_EQ(category.status, 200u) << category.body;
    final_names[id] = nlohmann::json::parse(category.body).at("name").get<std::string>();
  }
}

// Through product-service's API: every product created is listed under its category, with the
// category's final name.
void ExpectEveryProductShowsItsFinalName(const PipelineStack& stack,
                                         const std::map<std::string, std::string>& final_names,
                                         const ClientTally& tally) {
  std::map<std::string, std::string> stale;  // product id -> the name it shows, while wrong
  const bool converged = WaitFor(
      [&] {
        stale.clear();
        std::size_t listed = 0;
        for (const auto& [category_id, final_name] : final_names) {
          for (const auto& [product_id, name] : ListedCategoryNames(stack, category_id)) {
            ++listed;
            if (name != final_name || !tally.products_of.contains(product_id)) {
              stale[product_id] = name;
            }
          }
        }
        return stale.empty() && listed == tally.products_of.size();
      },
      seconds(120));
  EXPECT_TRUE(converged) << stale.size() << " products show a stale name, e.g. "
                         << (stale.empty()
                                 ? ""
                                 : stale.begin()->first + " '" + stale.begin()->second + "'");
}

// Once both outboxes are drained, the distinct ce_ids of this test's aggregates (`subjects`) on
// the shared topics are exactly the outbox rows of both services.
void ExpectTopicsHoldExactlyTheOutboxRows(const PipelineStack& stack,
                                          const std::set<std::string>& subjects,
                                          std::size_t expected_rows) {
  ASSERT_TRUE(WaitFor(
      [&] {
        return CountUnpublished(stack.category_db()) + CountUnpublished(stack.product_db()) == 0;
      },
      seconds(120)));
  std::set<std::string> outbox_ids = OutboxEventIds(stack.category_db());
  const std::set<std::string> product_outbox_ids = OutboxEventIds(stack.product_db());
  outbox_ids.insert(product_outbox_ids.begin(), product_outbox_ids.end());
  EXPECT_EQ(outbox_ids.size(), expected_rows);

  std::set<std::string> captured_ids;
  std::size_t copies = 0;
  for (const CapturedEvent& event :
       CaptureEvents(KafkaBootstrap(), {"category.created", "category.updated", "category.deleted",
                                        "product.created", "product.updated", "product.deleted"})) {
    if (subjects.contains(event.subject)) {
      captured_ids.insert(event.id);
      ++copies;
    }
  }
  std::cout << "[load] " << outbox_ids.size() << " outbox rows, " << captured_ids.size()
            << " distinct ce_ids on Kafka, " << copies - captured_ids.size() << " duplicates\n";
  ::testing::Test::RecordProperty("kafka_duplicates",
                                  static_cast<int>(copies - captured_ids.size()));
  EXPECT_EQ(captured_ids.size(), outbox_ids.size());
  const std::vector<std::string> missing = Without(outbox_ids, captured_ids);
  const std::vector<std::string> foreign = Without(captured_ids, outbox_ids);
  EXPECT_TRUE(missing.empty()) << missing.size() << " outbox rows never reached Kafka, e.g. "
                               << missing.front();
  EXPECT_TRUE(foreign.empty()) << foreign.size() << " events on Kafka are in no outbox, e.g. "
                               << foreign.front();
}

TEST(PipelineLoadTest, EveryProductEndsWithItsCategorysFinalNameAndEveryOutboxRowReachesKafka) {
  const PipelineStack stack("load", KafkaBootstrap());
  std::vector<std::string> categories;
  ClientTally tally;
  ASSERT_NO_FATAL_FAILURE(CreateSeededCategories(stack, categories, tally));

  const auto started = std::chrono::steady_clock::now();
  std::map<std::string, std::string> final_names;  // category id -> name in category-service
  bool replica_final = false;
  {
    std::vector<std::jthread> clients;  // stopped and joined when leaving the block
    for (int c = 0; c < kClients; ++c) {
      clients.emplace_back(
          [&, c](const std::stop_token& stop) { RunClient(stop, stack, categories, c, tally); });
    }
    ASSERT_TRUE(WaitFor([&] { return tally.still_renaming == 0; }, seconds(120)));
    ASSERT_NO_FATAL_FAILURE(ReadFinalNames(stack, categories, final_names));
    replica_final =
        WaitFor([&] { return ReplicaNamesOf(stack.product_db(), final_names) == final_names; },
                seconds(120));
  }
  std::cout << "[load] " << tally.renamed << " renames and "
            << tally.products_of.size() - kCategories << " products in "
            << std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count()
            << " s\n";
  ASSERT_TRUE(replica_final) << "product-service's replica never reached the final names";
  ASSERT_EQ(tally.failed, 0) << "first failures: " << nlohmann::json(tally.failures).dump();
  ASSERT_EQ(tally.renamed, kClients * kIterationsPerClient);

  ExpectEveryProductShowsItsFinalName(stack, final_names, tally);
  std::set<std::string> subjects(categories.begin(), categories.end());
  for (const auto& [product_id, category] : tally.products_of) {
    subjects.insert(product_id);
  }
  // One outbox row per category write and one per product.
  ExpectTopicsHoldExactlyTheOutboxRows(
      stack, subjects, kCategories + kClients * kIterationsPerClient + tally.products_of.size());
}

}  // namespace
}  // namespace shop::testing
