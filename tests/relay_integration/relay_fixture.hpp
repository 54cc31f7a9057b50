#pragma once
// Helpers of the relay integration tests: a fresh outbox database, a fresh Kafka topic (the
// broker does not auto-create topics), outbox rows written as events::Outbox writes them, the
// relay binary as a child process, its /metrics, and reading a topic back with Kafka's own console
// consumer (a client independent of librdkafka).

#include <cstdint>
#include <map>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "test_support.hpp"

namespace shop::relay_test {

// A database with events/sql/outbox.sql applied; returns its URI.
std::string CreateOutboxDatabase(const std::string& prefix);

// Creates a topic with a unique name starting with `prefix` (3 partitions) and returns the name.
std::string CreateTopic(const std::string& prefix);

struct WrittenRow {
  std::int64_t id = 0;
  std::string event_id;
};

// Inserts a "category.updated" CloudEvent for `key` addressed to `topic` in `txn`, with the headers
// events::Outbox::Append stores.
WrittenRow InsertEvent(pqxx::work& txn, const std::string& topic, const std::string& key,
                       int version);

bool IsPublished(const std::string& uri, std::int64_t id);
long CountUnpublished(const std::string& uri);

// The relay binary on `uri` with /metrics on `http_port`; logs to SHOP_TEST_TMPDIR. `extra_env`
// adds or overrides settings.
testing::ChildProcess StartRelay(const std::string& uri, std::uint16_t http_port,
                                 const std::string& name,
                                 const std::map<std::string, std::string>& extra_env = {});

// One series of the relay's /metrics, e.g. R"(outbox_relay_parked_rows{database="x"})"; nullopt
// while the relay does not answer or has not reported it.
std::optional<double> RelayMetric(std::uint16_t http_port, const std::string& series);

// Value of outbox_relay_lock_held from the relay's /metrics, nullopt while it does not answer or
// has not reported yet.
std::optional<double> LockHeld(std::uint16_t http_port);

struct Received {
  std::string key;
  std::string value;
  std::map<std::string, std::string> headers;
};

// Reads `count` messages of `topic` from the beginning with Kafka's console consumer, in the order
// of each partition. Fails the calling test (ADD_FAILURE) on an unreadable line.
std::vector<Received> ConsumeTopic(const std::string& topic, int count);

// Every ce_id header on `topic`, duplicates included, read from the beginning to the current end
// with kcat (an independent client).
std::vector<std::string> EventIdsOnTopic(const std::string& topic);

}  // namespace shop::relay_test
