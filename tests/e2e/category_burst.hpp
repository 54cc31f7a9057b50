#pragma once
// A burst of category writes through category-service, and the checks of where its events end up:
// on Kafka (read back by ce_id with kcat, a client independent of ours), in product-service's
// processed_events (each event applied once) and in its category replica. Shared by the pipeline's
// fault tests (relay kill -9, a broker killed or stopped, one broker or three). Every function
// opens its own connections, so any thread may call; the Expect* ones record gtest failures.

#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "pipeline_stack.hpp"
#include "service_process.hpp"

namespace shop::testing {

// What the writers of a burst saw.
struct WriteTally {
  std::atomic<int> succeeded{0};
  std::mutex mutex;
  std::vector<std::string> failures;  // every failed write, "status body" or the exception
};

// One client of category-service: creates `categories` categories named `tag`-n<k>, then renames
// them in turn, `writes` writes in all. Every successful write commits exactly one outbox row.
// Stops early when a create fails (nothing would be left to rename in turn).
void RunWriter(const ServiceProcess& category_service, const std::string& tag, int categories,
               int writes, WriteTally& tally);

// How many of `ids` `group` has recorded in product-service's processed_events; how many events
// it has recorded in all.
long CountProcessed(const std::string& product_db, const std::string& group,
                    const std::set<std::string>& ids);
long CountAllProcessed(const std::string& product_db, const std::string& group);

// id -> (name, version) of every category in `database` (category- or product-service's).
using CategoryRows = std::map<std::string, std::pair<std::string, long>>;
CategoryRows Categories(const std::string& database);

// kcat's copy of `topics` on the broker at `bootstrap`: each of `ids` at least once and nothing
// else. Prints a line tagged `tag`; returns the copies beyond the first (duplicates).
int ExpectEveryEventOnKafka(const std::string& bootstrap, const std::vector<std::string>& topics,
                            const std::set<std::string>& ids, const std::string& tag);

// product-service's consumer recorded each of `ids` in processed_events (its primary key is
// (consumer, event_id), so once), and its replica ends where category-service's categories end
// (names and versions). Waits up to two minutes.
void ExpectEachEventAppliedOnce(const PipelineStack& stack, const std::set<std::string>& ids);

// The consumer's metrics agree: `applied` equals its processed_events rows and `expected_applied`,
// and it skipped at least the `kafka_duplicates` copies Kafka carried as duplicates.
void ExpectConsumerMetricsAgree(const PipelineStack& stack, long expected_applied,
                                int kafka_duplicates, const std::string& tag);

}  // namespace shop::testing
