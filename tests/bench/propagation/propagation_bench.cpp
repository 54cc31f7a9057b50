// propagation_bench: how long a category rename takes to reach its replicas (issue 16, target 3;
// run by tests/bench/propagation/run, figures in docs/performance.md). Not a test: it asserts
// nothing about time.
//
// It starts the platform up to the cart (tests/e2e/shop_system.hpp: auth, category, product,
// cart, the relay and the gateway, on the run's Postgres and Kafka), creates --categories
// categories with one product each, and then renames them at --rate renames/s for --seconds, open
// loop (each PATCH /api/categories/{id} through the gateway sent at its scheduled time by a pool of
// threads, whatever the earlier ones are doing), round-robin over the categories.
//
// When is the new name visible? Each consumer applies an event in one transaction together with
// its processed_events row (the inbox), so that row's commit time is the moment product-service's
// products.category_name and the cart's replica (categories.name, products.category_name) show
// the name. The run's Postgres keeps commit timestamps (track_commit_timestamp = on, set by the
// run script), and the benchmark reads pg_xact_commit_timestamp(xmin) of the inbox rows after the
// renames: nothing polls the services while they work, so the measurement adds no load to the
// path. The benchmark's own Kafka reader (tests/bench/relay's LatencyConsumer, fetch.wait.max.ms
// 5) records when each category.updated record could be read from outside and its timestamp
// (CreateTime: the relay's produce call). Clocks: Postgres' timestamps and the driver's
// system_clock are the same machine's realtime clock; the reader's steady_clock times are mapped
// onto it once.
//
// Per rename (ms; p50/p99/max printed for each):
//   http          PATCH sent -> answered (gateway, category-service, its commit: outbox row)
//   relay         answered -> the relay's produce call (Kafka CreateTime; 1 ms resolution):
//                 NOTIFY wake-up, select; negative when the relay enqueues before the answer lands
//   kafka         produce call -> readable by an outside consumer (linger, broker append, fetch)
//   to_txn        answered -> the consumer's transaction starts (processed_at, per consumer)
//   commit        the consumer's transaction: start -> commit (per consumer)
//   visible       PATCH sent -> the consumer's commit (per consumer), and both (the later one)
//   marked        answered -> the relay marked the row published (off the path: after delivery)
// At the end each category's final name is checked through product-service's GET
// /api/products/{id} and in the cart's replica: a lost rename fails the run (exit status 1).
#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <pqxx/pqxx>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "bench_stats.hpp"
#include "e2e/shop_system.hpp"
#include "latency_consumer.hpp"
#include "test_support.hpp"

namespace {

using shop::bench::Clock;
using shop::bench::Percentile;
using shop::bench::RunOnThreads;
using shop::testing::HttpResult;
using shop::testing::ShopSystem;
using Wall = std::chrono::system_clock;

struct Options {
  double rate = 50;
  double seconds = 20;
  int categories = 50;
  int warmup = 50;
  double timeout_seconds = 120;
};

struct Rename {
  std::string category_id;
  std::string name;
  double sent_ms = 0;      // realtime, ms since the epoch
  double answered_ms = 0;  // realtime, ms since the epoch
};

// A consumer's view of one event: its transaction's start and commit (realtime ms).
struct Applied {
  double started_ms = 0;
  double committed_ms = 0;
};

double WallMs(Wall::time_point t) {
  return std::chrono::duration<double, std::milli>(t.time_since_epoch()).count();
}

void PrintStage(const std::string& label, const std::vector<double>& values) {
  std::printf("stage %-28s count=%zu p50=%.2f p99=%.2f max=%.2f\n", label.c_str(), values.size(),
              Percentile(values, 0.50), Percentile(values, 0.99), Percentile(values, 1.0));
}

class PropagationBench {
 public:
  PropagationBench(const Options& options, ShopSystem& system)
      : options_(options),
        system_(system),
        reader_(shop::bench::ConsumerOptions{.bootstrap = system.Bootstrap(),
                                             .topic = "category.updated",
                                             .fetch_wait = std::chrono::milliseconds(5),
                                             .id_header = "ce_id"}),
        steady0_(Clock::now()),
        wall0_(Wall::now()) {
    for (int i = 0; i < options.categories; ++i) {
      const nlohmann::json category = system.CreateCategory("Bench category " + std::to_string(i));
      categories_.push_back(category.at("id"));
      products_.push_back(
          system.CreateProduct("Bench product " + std::to_string(i), "9.99", 100, category.at("id"))
              .at("id"));
    }
  }

  // Renames `count` times at `rate`/s (open loop), then waits until both consumers applied every
  // rename. The renames, in the order sent.
  std::vector<Rename> RenameAtRate(double rate, std::size_t count, const std::string& tag) {
    const auto period =
        std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / rate));
    std::vector<Rename> renames(count);
    std::vector<double> behind_ms(count, 0);
    std::atomic<std::size_t> next{0};
    const Clock::time_point start = Clock::now() + std::chrono::milliseconds(100);
    const std::string error = RunOnThreads(16, [&](int) {
      for (std::size_t i = next++; i < count; i = next++) {
        const Clock::time_point due = start + static_cast<long>(i) * period;
        std::this_thread::sleep_until(due);  // the schedule of the load, not a synchronisation
        behind_ms[i] = std::chrono::duration<double, std::milli>(Clock::now() - due).count();
        Rename& r = renames[i];
        r.category_id = categories_[i % categories_.size()];
        r.name = "Bench " + tag + " " + std::to_string(i);
        const std::string body = nlohmann::json{{"name", r.name}}.dump();
        r.sent_ms = WallMs(Wall::now());
        const HttpResult answer =
            system_.Api("PATCH", "/api/categories/" + r.category_id, system_.Admin().token, body);
        r.answered_ms = WallMs(Wall::now());
        if (answer.status != 200) {
          throw std::runtime_error("PATCH /api/categories answered " +
                                   std::to_string(answer.status) + ": " + answer.body);
        }
      }
    });
    if (!error.empty()) {
      throw std::runtime_error(error);
    }
    const double span_s = (renames.back().sent_ms - renames.front().sent_ms) / 1000.0;
    std::printf(
        "renames %s target=%.1f/s sent=%zu in %.1f s (%.1f/s), behind schedule p99=%.2f ms\n",
        tag.c_str(), rate, count, span_s,
        span_s > 0 ? static_cast<double>(count - 1) / span_s : 0.0, Percentile(behind_ms, 0.99));
    return renames;
  }

  // Reads the stages of `renames` from the databases and the reader, once every consumer has
  // applied them (waits up to --timeout), and prints them unless `print` is false (the warm-up).
  void Report(const std::vector<Rename>& renames, bool print = true) {
    // The outbox rows of these renames, by the category's new name (unique per rename).
    std::map<std::string, OutboxRow> outbox;
    const auto deadline =
        Clock::now() + std::chrono::duration_cast<Clock::duration>(
                           std::chrono::duration<double>(options_.timeout_seconds));
    std::vector<std::string> ids;
    std::map<std::string, std::map<std::string, Applied>> applied;  // "db/consumer" -> event id
    for (;;) {
      outbox = ReadOutbox();
      ids.clear();
      for (const Rename& r : renames) {
        const auto it = outbox.find(r.name);
        if (it != outbox.end()) {
          ids.push_back(it->second.event_id);
        }
      }
      applied.clear();
      bool complete = ids.size() == renames.size();
      for (const char* db : {"product", "cart"}) {
        const auto rows = ReadInbox(db, ids);
        std::size_t in_db = 0;
        const std::string suffix = system_.Group("");  // this system's consumer group suffix
        for (const auto& [consumer, events] : rows) {
          std::string name = consumer;
          if (name.size() > suffix.size() && name.ends_with(suffix)) {
            name.resize(name.size() - suffix.size());
          }
          applied[std::string(db) + "/" + name] = events;
          in_db = std::max(in_db, events.size());
        }
        complete = complete && in_db == renames.size();
      }
      if (complete) {
        break;
      }
      if (Clock::now() >= deadline) {
        throw std::runtime_error(
            "not every rename was applied by product-service and the cart "
            "within the timeout");
      }
      // Waiting for a condition with a deadline, checked every 50 ms.
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    if (!print) {
      return;
    }
    std::vector<double> http, relay, kafka, marked, both;
    for (const Rename& r : renames) {
      const OutboxRow& row = outbox.at(r.name);
      http.push_back(r.answered_ms - r.sent_ms);
      marked.push_back(row.published_ms - r.answered_ms);
      const auto created = reader_.TimestampMs(row.event_id);
      const auto received = reader_.ReceivedAt(row.event_id);
      if (created && received) {
        relay.push_back(static_cast<double>(*created) - r.answered_ms);
        kafka.push_back(SteadyToWallMs(*received) - static_cast<double>(*created));
      }
    }
    PrintStage("http (sent->answered)", http);
    PrintStage("relay (answered->produce)", relay);
    PrintStage("kafka (produce->readable)", kafka);
    PrintStage("marked (answered->marked)", marked);
    std::map<std::string, double> last_commit;  // event id -> the later consumer's commit
    for (const auto& [consumer, events] : applied) {
      std::vector<double> to_txn, commit, visible;
      for (const Rename& r : renames) {
        const Applied& a = events.at(outbox.at(r.name).event_id);
        to_txn.push_back(a.started_ms - r.answered_ms);
        commit.push_back(a.committed_ms - a.started_ms);
        visible.push_back(a.committed_ms - r.sent_ms);
        double& last = last_commit[outbox.at(r.name).event_id];
        last = std::max(last, a.committed_ms);
      }
      PrintStage(consumer + " to_txn", to_txn);
      PrintStage(consumer + " commit", commit);
      PrintStage(consumer + " visible", visible);
    }
    for (const Rename& r : renames) {
      both.push_back(last_commit.at(outbox.at(r.name).event_id) - r.sent_ms);
    }
    std::printf("visible_both_ms count=%zu p50=%.2f p99=%.2f max=%.2f\n", both.size(),
                Percentile(both, 0.50), Percentile(both, 0.99), Percentile(both, 1.0));
    std::fflush(stdout);
  }

  // Each category's last name, as product-service answers it and in the cart's replica. Throws
  // when one differs: a lost rename.
  void CheckFinalNames(const std::vector<Rename>& renames) const {
    std::map<std::string, std::string> last;
    for (const Rename& r : renames) {
      last[r.category_id] = r.name;
    }
    pqxx::connection cart(system_.Database("cart"));
    for (std::size_t i = 0; i < categories_.size(); ++i) {
      const auto expected = last.find(categories_[i]);
      if (expected == last.end()) {
        continue;
      }
      const HttpResult product = system_.Api("GET", "/api/products/" + products_[i], "");
      const std::string shown = product.status == 200
                                    ? nlohmann::json::parse(product.body).value("category_name", "")
                                    : "(HTTP " + std::to_string(product.status) + ")";
      pqxx::nontransaction txn(cart);
      const auto replica =
          txn.exec_params1("SELECT name FROM categories WHERE id = $1::uuid", categories_[i])[0]
              .as<std::string>();
      if (shown != expected->second || replica != expected->second) {
        throw std::runtime_error("category " + categories_[i] + ": expected '" + expected->second +
                                 "', product-service shows '" + shown + "', the cart's replica '" +
                                 replica + "'");
      }
    }
  }

 private:
  struct OutboxRow {
    std::string event_id;
    double published_ms = 0;
  };

  double SteadyToWallMs(Clock::time_point t) const {
    return WallMs(wall0_) + std::chrono::duration<double, std::milli>(t - steady0_).count();
  }

  // Published category.updated rows by the category's new name.
  std::map<std::string, OutboxRow> ReadOutbox() const {
    pqxx::connection connection(system_.Database("category"));
    pqxx::nontransaction txn(connection);
    std::map<std::string, OutboxRow> rows;
    for (const auto& row :
         txn.exec("SELECT payload::jsonb->>'name', headers->>'ce_id', "
                  "1000 * extract(epoch FROM published_at) FROM outbox "
                  "WHERE topic = 'category.updated' AND published_at IS NOT NULL")) {
      rows[row[0].as<std::string>()] =
          OutboxRow{.event_id = row[1].as<std::string>(), .published_ms = row[2].as<double>()};
    }
    return rows;
  }

  // The inbox rows of `ids` in a component's database: consumer -> event id -> its transaction.
  std::map<std::string, std::map<std::string, Applied>> ReadInbox(
      const std::string& component, const std::vector<std::string>& ids) const {
    pqxx::connection connection(system_.Database(component));
    pqxx::nontransaction txn(connection);
    std::map<std::string, std::map<std::string, Applied>> rows;
    std::string array = "{";
    for (std::size_t i = 0; i < ids.size(); ++i) {
      array += (i == 0 ? "" : ",") + ids[i];
    }
    array += "}";
    for (const auto& row : txn.exec_params(
             "SELECT consumer, event_id::text, 1000 * extract(epoch FROM processed_at), "
             "1000 * extract(epoch FROM pg_xact_commit_timestamp(xmin)) "
             "FROM processed_events WHERE event_id = ANY($1::uuid[])",
             array)) {
      if (row[3].is_null()) {
        throw std::runtime_error(
            "no commit timestamp: the run's Postgres needs "
            "track_commit_timestamp = on (tests/bench/propagation/run sets it)");
      }
      rows[row[0].as<std::string>()][row[1].as<std::string>()] =
          Applied{.started_ms = row[2].as<double>(), .committed_ms = row[3].as<double>()};
    }
    return rows;
  }

  const Options& options_;
  ShopSystem& system_;
  shop::bench::LatencyConsumer reader_;
  Clock::time_point steady0_;
  Wall::time_point wall0_;
  std::vector<std::string> categories_;
  std::vector<std::string> products_;
};

}  // namespace

int main(int argc, char** argv) {
  Options options;
  CLI::App app{"propagation_bench: a category rename until product-service and the cart show it"};
  app.add_option("--rate", options.rate, "renames/s")->check(CLI::Range(0.1, 5000.0));
  app.add_option("--seconds", options.seconds, "length of the fixed-rate step")
      ->check(CLI::Range(1.0, 600.0));
  app.add_option("--categories", options.categories, "categories the renames go round")
      ->check(CLI::Range(1, 10000));
  app.add_option("--warmup", options.warmup, "renames at 10/s awaited before measuring")
      ->check(CLI::Range(1, 10000));
  app.add_option("--timeout", options.timeout_seconds, "seconds to wait for the replicas")
      ->check(CLI::Range(1.0, 3600.0));
  CLI11_PARSE(app, argc, argv);
  try {
    shop::testing::ShopOptions system_options;
    system_options.saga = false;
    system_options.bootstrap = shop::testing::RequiredEnv("SHOP_TEST_KAFKA_BOOTSTRAP");
    for (const char* component : {"auth", "category", "product", "cart", "gateway", "relay"}) {
      system_options.env[component]["SHOP_LOG_LEVEL"] = "info";  // the tests' debug logs cost
    }
    // The deployed default where the test harness shortens it.
    system_options.env["relay"]["SHOP_RELAY_POLL_INTERVAL"] = "1s";
    // Kafka settings to try without a rebuild (the run script passes them through).
    if (const char* consumer = std::getenv("SHOP_BENCH_CONSUMER_KAFKA_SETTINGS")) {
      system_options.env["product"]["SHOP_KAFKA_SETTINGS"] = consumer;
      system_options.env["cart"]["SHOP_KAFKA_SETTINGS"] = consumer;
    }
    if (const char* relay = std::getenv("SHOP_BENCH_RELAY_KAFKA_SETTINGS")) {
      system_options.env["relay"]["SHOP_KAFKA_SETTINGS"] = relay;
    }
    std::printf("propagation_bench: starting the platform up to the cart\n");
    std::fflush(stdout);
    ShopSystem system(std::move(system_options));
    PropagationBench bench(options, system);
    std::printf("propagation_bench: %d categories with a product each; warm-up of %d renames\n",
                options.categories, options.warmup);
    std::fflush(stdout);
    bench.Report(bench.RenameAtRate(10, static_cast<std::size_t>(options.warmup), "warmup"), false);
    std::printf("propagation_bench: measuring %.1f renames/s for %.0f s\n", options.rate,
                options.seconds);
    std::fflush(stdout);
    const auto count = static_cast<std::size_t>(std::llround(options.rate * options.seconds));
    const std::vector<Rename> renames = bench.RenameAtRate(options.rate, count, "measured");
    bench.Report(renames);
    bench.CheckFinalNames(renames);
    std::printf(
        "propagation_bench: every category's last name shown by product-service and the "
        "cart\n");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "propagation_bench: %s\n", e.what());
    return 1;
  }
  return 0;
}
