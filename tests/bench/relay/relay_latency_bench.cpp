// relay_latency_bench: commit -> Kafka latency of the outbox relay at a steady write rate
// (DESIGN.md section 8; run by tests/bench/relay/run, figures in docs/performance.md).
//
// With a relay already running on --database-url, it writes outbox rows shaped as events::Outbox
// writes them (a category.updated CloudEvent, ~300-byte payload, ce_* headers), one row per
// transaction at --rate commits/s for --duration seconds (over --writers connections), and takes
// the steady_clock time right after each commit. A librdkafka consumer assigned to every partition
// of --topic takes the time each ce_id arrives. It prints count, p50, p90, p99 and max of (receive
// - commit). The consumer's own fetch wait (fetch.wait.max.ms) is part of the figure. Warm-up
// events, written first and awaited before the timed run, are left out: they pay for the relay's
// lazy producer creation. Exit status 1 when an event is missing after --receive-timeout. Not a
// test: no assertion on time.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <exception>
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <pqxx/pqxx>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "bench_stats.hpp"
#include "events/cloud_event.hpp"
#include "events/outbox_writer.hpp"
#include "events/uuid_v7.hpp"
#include "latency_consumer.hpp"
#include "platform/text/rfc3339.hpp"

namespace {

using shop::bench::Clock;
using shop::bench::Percentile;
using Millis = std::chrono::duration<double, std::milli>;

struct Options {
  std::string database_url;
  std::string bootstrap;
  std::string topic;
  double rate = 500;
  int writers = 0;  // 0: one connection per 400 commits/s
  double duration_seconds = 20;
  int warmup_events = 20;
  int keys = 100;
  int payload_bytes = 300;
  int fetch_wait_ms = 5;
  double receive_timeout_seconds = 60;
  std::string samples_path;
};

struct Commit {
  std::string event_id;
  Clock::time_point at;
};

constexpr const char* kInsert = "bench_insert_outbox";

// Writes category.updated events to the outbox as events::Outbox::Append does, but to a topic of
// the caller's choosing (Append takes the topic from the event type, events/catalog).
class OutboxWriter {
 public:
  explicit OutboxWriter(const Options& options)
      : connection_(options.database_url),
        topic_(options.topic),
        payload_bytes_(static_cast<std::size_t>(options.payload_bytes)) {
    connection_.prepare(kInsert, std::string(shop::events::kInsertOutboxSql));
    for (int i = 0; i < options.keys; ++i) {
      keys_.push_back(shop::events::NewUuidV7());
    }
  }

  // One transaction holding one outbox row; returns its event id and the time after COMMIT.
  Commit Write(long sequence) {
    const std::size_t key_index = static_cast<std::size_t>(sequence) % keys_.size();
    const std::string& key = keys_[key_index];
    const long version = sequence / static_cast<long>(keys_.size()) + 1;
    const shop::events::CloudEvent event{
        .id = shop::events::NewUuidV7(),
        .source = "/services/category",
        .type = "category.updated",
        .time = shop::text::FormatRfc3339Utc(std::chrono::system_clock::now()),
        .subject = key,
        .data_schema = "urn:shop:schema:category.updated:v1",
        .traceparent = std::nullopt,
        .data = Payload(key, key_index, version)};
    const shop::events::KafkaMessage message = shop::events::ToKafka(event);
    nlohmann::json headers = nlohmann::json::object();
    for (const auto& [name, value] : message.headers) {
      headers[name] = value;
    }
    pqxx::work txn(connection_);
    txn.exec_prepared(kInsert, event.id, topic_, message.key, event.type, message.value,
                      headers.dump());
    txn.commit();
    return Commit{.event_id = event.id, .at = Clock::now()};
  }

 private:
  // The category.updated data, padded with a description to about payload_bytes_.
  std::string Payload(const std::string& key, std::size_t key_index, long version) const {
    nlohmann::json data = {{"id", key},
                           {"name", "Category " + std::to_string(key_index)},
                           {"slug", "category-" + std::to_string(key_index)},
                           {"parent_id", keys_.front()},
                           {"version", version}};
    const std::size_t base = data.dump().size() + std::string(R"(,"description":"")").size();
    data["description"] = std::string(payload_bytes_ > base ? payload_bytes_ - base : 0, 'x');
    return data.dump();
  }

  pqxx::connection connection_;
  std::string topic_;
  std::size_t payload_bytes_;
  std::vector<std::string> keys_;
};

// Writes `count` events at `rate` per second on a fixed schedule: a write that falls behind is
// followed at once by the next one, so a stall does not thin out the load (no coordinated
// omission on the writing side). With several writers (each its own connection, as concurrent
// requests of a service would be), writer w takes the events w, w + n, w + 2n, ... of the same
// schedule: one connection commits at most about 1 / fsync time per second.
std::vector<Commit> WriteAtRate(std::vector<std::unique_ptr<OutboxWriter>>& writers,
                                long first_sequence, long count, double rate) {
  const auto period =
      std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1 / rate));
  const Clock::time_point start = Clock::now();
  const auto n = static_cast<long>(writers.size());
  std::vector<std::vector<Commit>> written(writers.size());
  const std::string error = shop::bench::RunOnThreads(static_cast<int>(n), [&](int w) {
    auto& mine = written[static_cast<std::size_t>(w)];
    for (long i = w; i < count; i += n) {
      std::this_thread::sleep_until(start + i * period);
      mine.push_back(writers[static_cast<std::size_t>(w)]->Write(first_sequence + i));
    }
  });
  if (!error.empty()) {
    throw std::runtime_error(error);
  }
  std::vector<Commit> commits;
  commits.reserve(static_cast<std::size_t>(count));
  for (const auto& mine : written) {
    commits.insert(commits.end(), mine.begin(), mine.end());
  }
  std::sort(commits.begin(), commits.end(),
            [](const Commit& a, const Commit& b) { return a.at < b.at; });
  return commits;
}

// One line per timed event: its commit time since the first commit and its latency (empty when
// it never arrived), for looking at when the slow ones happened.
void WriteSamples(const std::string& path, const std::vector<Commit>& commits,
                  const shop::bench::LatencyConsumer& consumer) {
  std::ofstream out(path);
  out << "commit_ms,latency_ms\n";
  for (const Commit& commit : commits) {
    out << Millis(commit.at - commits.front().at).count() << ',';
    if (const auto received = consumer.ReceivedAt(commit.event_id)) {
      out << Millis(*received - commit.at).count();
    }
    out << '\n';
  }
  if (!out) {
    throw std::runtime_error("cannot write " + path);
  }
}

int Report(const Options& options, const std::vector<Commit>& commits,
           const shop::bench::LatencyConsumer& consumer) {
  std::vector<double> latencies;
  latencies.reserve(commits.size());
  for (const Commit& commit : commits) {
    if (const auto received = consumer.ReceivedAt(commit.event_id)) {
      latencies.push_back(Millis(*received - commit.at).count());
    }
  }
  const std::size_t missing = commits.size() - latencies.size();
  const double written_seconds =
      std::chrono::duration<double>(commits.back().at - commits.front().at).count();
  std::printf(
      "written %zu events, one per transaction, in %.1f s (%.1f commits/s, target %.0f; %d "
      "writers)\n",
      commits.size(), written_seconds, static_cast<double>(commits.size() - 1) / written_seconds,
      options.rate, options.writers);
  std::printf("received %zu of them (%zu missing); duplicates %zu; consumer errors %zu\n",
              latencies.size(), missing, consumer.Duplicates(), consumer.Errors());
  if (latencies.empty()) {
    return 1;
  }
  std::sort(latencies.begin(), latencies.end());
  double sum = 0;
  for (const double latency : latencies) {
    sum += latency;
  }
  std::printf(
      "commit -> consumer receive, ms (includes the consumer's fetch wait, fetch.wait.max.ms=%d)\n",
      options.fetch_wait_ms);
  std::printf("latency_ms count=%zu p50=%.2f p90=%.2f p99=%.2f max=%.2f mean=%.2f\n",
              latencies.size(), Percentile(latencies, 0.50), Percentile(latencies, 0.90),
              Percentile(latencies, 0.99), latencies.back(),
              sum / static_cast<double>(latencies.size()));
  return missing == 0 ? 0 : 1;
}

int Run(const Options& options) {
  shop::bench::LatencyConsumer consumer(
      {.bootstrap = options.bootstrap,
       .topic = options.topic,
       .fetch_wait = std::chrono::milliseconds(options.fetch_wait_ms)});
  std::vector<std::unique_ptr<OutboxWriter>> writers;
  for (int w = 0; w < options.writers; ++w) {
    writers.push_back(std::make_unique<OutboxWriter>(options));
  }
  const auto receive_timeout = std::chrono::duration_cast<Clock::duration>(
      std::chrono::duration<double>(options.receive_timeout_seconds));

  const auto warmup = WriteAtRate(writers, 0, options.warmup_events, options.rate);
  if (!consumer.WaitForDistinct(warmup.size(), Clock::now() + receive_timeout)) {
    std::fprintf(stderr, "relay_latency_bench: warm-up events not received within %.0f s\n",
                 options.receive_timeout_seconds);
    return 1;
  }
  const auto count = std::lround(options.rate * options.duration_seconds);
  const auto commits = WriteAtRate(writers, options.warmup_events, count, options.rate);
  consumer.WaitForDistinct(warmup.size() + commits.size(), Clock::now() + receive_timeout);
  std::printf("relay_latency_bench: topic %s, %d warm-up events left out\n", options.topic.c_str(),
              options.warmup_events);
  if (!options.samples_path.empty()) {
    WriteSamples(options.samples_path, commits, consumer);
  }
  return Report(options, commits, consumer);
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  CLI::App app{"Commit -> Kafka latency of the outbox relay at a steady write rate"};
  app.add_option("--database-url", options.database_url,
                 "libpq URI of the outbox database the relay publishes")
      ->required();
  app.add_option("--bootstrap", options.bootstrap, "Kafka bootstrap servers")->required();
  app.add_option("--topic", options.topic, "topic of the rows (must exist)")->required();
  app.add_option("--rate", options.rate, "commits per second")->check(CLI::Range(1.0, 10000.0));
  app.add_option("--duration", options.duration_seconds, "seconds of timed writing")
      ->check(CLI::Range(0.1, 3600.0));
  app.add_option("--warmup-events", options.warmup_events, "events written and awaited first")
      ->check(CLI::Range(1, 10000));
  app.add_option("--keys", options.keys, "distinct aggregate ids (message keys)")
      ->check(CLI::Range(1, 100000));
  app.add_option("--payload-bytes", options.payload_bytes, "approximate payload size")
      ->check(CLI::Range(2, 1000000));
  app.add_option("--fetch-wait-ms", options.fetch_wait_ms, "consumer fetch.wait.max.ms")
      ->check(CLI::Range(0, 1000));
  app.add_option("--receive-timeout", options.receive_timeout_seconds,
                 "seconds to wait for the last events after writing")
      ->check(CLI::Range(1.0, 3600.0));
  app.add_option("--samples", options.samples_path,
                 "CSV file of every event's commit time and latency");
  app.add_option("--writers", options.writers,
                 "writing connections (0: one per 400 commits/s of --rate)")
      ->check(CLI::Range(0, 64));
  CLI11_PARSE(app, argc, argv);
  if (options.writers == 0) {
    options.writers = static_cast<int>(std::ceil(options.rate / 400.0));
  }
  try {
    return Run(options);
  } catch (const std::exception& e) {
    std::cerr << "relay_latency_bench: " << e.what() << '\n';
    return 1;
  }
}
