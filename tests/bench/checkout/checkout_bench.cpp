// checkout_bench: how long the order saga takes to confirm a checkout at a fixed rate, and how
// many checkouts a second it sustains (issue 12; run by tests/bench/checkout/run, figures in
// docs/performance.md). Not a test: it asserts nothing about time.
//
// It starts the whole platform (tests/e2e/shop_system.hpp: every service, the relay and the
// gateway, on the run's Postgres and Kafka) with the services' default saga settings, and reads
// the saga's chain of events back with one LatencyConsumer per topic (cart.checked_out,
// order.created, stock.reserved, order.payment_requested, payment.succeeded, order.confirmed), by
// ce_subject (the order id), so it knows when each order passed each step.
//   1. warm-up: --warmup checkouts, awaited (consumer groups joined, pools and producers made);
//   2. fixed rate: --rate checkouts/s for --seconds, open loop (each sent at its scheduled time by
//      a pool of threads): from sending POST /cart/checkout to receiving the order's
//      order.confirmed, p50/p90/p99/max, and each hop's p50/p99;
//   3. throughput: --concurrency customers check out back to back, --checkouts in all: accepted
//      checkouts/s over HTTP, and confirmed orders/s (first checkout sent -> last order.confirmed).
// Every checkout adds one unit of one of --products products (stock that never runs out) to the
// customer's cart through the gateway, then checks out with the token tok_visa.
// Exit status 1 when an order is not confirmed within --timeout, or a request fails.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
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
using Millis = std::chrono::duration<double, std::milli>;

struct Options {
  double rate = 20;
  double seconds = 20;
  int checkouts = 600;
  int concurrency = 8;
  int customers = 64;
  int products = 8;
  int warmup = 20;
  double timeout_seconds = 120;
};

// The saga's chain for a confirmed order, in order; each a topic keyed by the order id.
constexpr std::array<const char*, 6> kChain = {"cart.checked_out",  "order.created",
                                               "stock.reserved",    "order.payment_requested",
                                               "payment.succeeded", "order.confirmed"};
// What each hop (from the previous event, or from the request for the first) includes.
constexpr std::array<const char*, 6> kHops = {
    "request -> cart.checked_out (HTTP, cart's commit, relay)",
    "-> order.created (order.checkout-intake, relay)",
    "-> stock.reserved (product.stock-reservation, relay)",
    "-> order.payment_requested (order.saga, relay)",
    "-> payment.succeeded (payment worker, provider call, relay)",
    "-> order.confirmed (order.saga, relay)"};

struct Sent {
  std::string order_id;
  Clock::time_point at;  // just before POST /cart/checkout
};

nlohmann::json Address() {
  return {{"name", "Bench Customer"},
          {"line1", "1 Loopback Road"},
          {"city", "Localhost"},
          {"postal_code", "12345"},
          {"country", "GB"}};
}

class CheckoutBench {
 public:
  CheckoutBench(const Options& options, ShopSystem& system) : options_(options), system_(system) {
    for (const char* topic : kChain) {
      readers_.push_back(std::make_unique<shop::bench::LatencyConsumer>(
          shop::bench::ConsumerOptions{.bootstrap = system.Bootstrap(),
                                       .topic = topic,
                                       .fetch_wait = std::chrono::milliseconds(5),
                                       .id_header = "ce_subject"}));
    }
    for (int i = 0; i < options.customers; ++i) {
      customers_.push_back(
          system.NewCustomer("bench" + std::to_string(i) + "x" +
                             std::to_string(Clock::now().time_since_epoch().count())));
    }
    for (int i = 0; i < options.products; ++i) {
      const nlohmann::json category = system.CreateCategory("Bench shelf " + std::to_string(i));
      products_.push_back(
          system
              .CreateProduct("Bench item " + std::to_string(i), "9.99", 1000000, category.at("id"))
              .at("id"));
    }
  }

  // One checkout by customer `customer` of one unit of product `product`.
  Sent Checkout(std::size_t customer, std::size_t product) {
    const ShopSystem::User& user = customers_.at(customer % customers_.size());
    const HttpResult added = system_.Api(
        "POST", "/cart/items", user.token,
        nlohmann::json{{"product_id", products_.at(product % products_.size())}, {"quantity", 1}}
            .dump());
    if (added.status != 201) {
      throw std::runtime_error("POST /cart/items answered " + std::to_string(added.status) + ": " +
                               added.body);
    }
    const std::string body =
        nlohmann::json{{"shipping_address", Address()}, {"payment_token", "tok_visa"}}.dump();
    const Clock::time_point at = Clock::now();
    const HttpResult checkout = system_.Api("POST", "/cart/checkout", user.token, body);
    if (checkout.status != 202) {
      throw std::runtime_error("POST /cart/checkout answered " + std::to_string(checkout.status) +
                               ": " + checkout.body);
    }
    return {.order_id = nlohmann::json::parse(checkout.body).at("checkout_id"), .at = at};
  }

  // Waits until every order of `sent` has its order.confirmed; false when the deadline passes.
  bool AwaitConfirmed(const std::vector<Sent>& sent) {
    const Clock::time_point deadline =
        Clock::now() + std::chrono::duration_cast<Clock::duration>(
                           std::chrono::duration<double>(options_.timeout_seconds));
    shop::bench::LatencyConsumer& confirmed = *readers_.back();
    for (const Sent& order : sent) {
      while (!confirmed.ReceivedAt(order.order_id)) {
        if (Clock::now() >= deadline) {
          std::fprintf(stderr, "checkout_bench: order %s not confirmed within %.0f s\n",
                       order.order_id.c_str(), options_.timeout_seconds);
          return false;
        }
        confirmed.WaitForDistinct(confirmed.Distinct() + 1,
                                  std::min(deadline, Clock::now() + std::chrono::milliseconds(50)));
      }
    }
    return true;
  }

  bool Warmup() {
    std::vector<Sent> sent;
    for (int i = 0; i < options_.warmup; ++i) {
      sent.push_back(Checkout(static_cast<std::size_t>(i), static_cast<std::size_t>(i)));
    }
    return AwaitConfirmed(sent);
  }

  // Open loop: checkout i is due at start + i / rate; 32 threads take them in order.
  bool FixedRate() {
    const auto count = static_cast<std::size_t>(std::llround(options_.rate * options_.seconds));
    const auto period = std::chrono::duration_cast<Clock::duration>(
        std::chrono::duration<double>(1.0 / options_.rate));
    std::vector<Sent> sent(count);
    std::vector<double> behind_ms(count, 0);
    std::atomic<std::size_t> next{0};
    const Clock::time_point start = Clock::now() + std::chrono::milliseconds(100);
    const std::string error = RunOnThreads(32, [&](int) {
      for (std::size_t i = next++; i < count; i = next++) {
        const Clock::time_point due = start + static_cast<long>(i) * period;
        std::this_thread::sleep_until(due);  // the schedule of the load, not a synchronisation
        behind_ms[i] = Millis(Clock::now() - due).count();
        // Customer i % customers: with the default 64 customers and 20/s, a customer's
        // checkouts are 3.2 s apart, never concurrent.
        sent[i] = Checkout(i, i);
      }
    });
    if (!error.empty()) {
      std::fprintf(stderr, "checkout_bench: %s\n", error.c_str());
      return false;
    }
    const double sent_seconds =
        std::chrono::duration<double>(sent.back().at - sent.front().at).count();
    std::printf(
        "fixed_rate target=%.1f/s sent=%zu in %.1f s (%.1f/s), behind schedule p99=%.1f ms\n",
        options_.rate, count, sent_seconds,
        sent_seconds > 0 ? static_cast<double>(count - 1) / sent_seconds : 0.0,
        Percentile(behind_ms, 0.99));
    if (!AwaitConfirmed(sent)) {
      return false;
    }
    Report("checkout_to_confirmed_ms", sent);
    ReportHops(sent);
    return true;
  }

  // Closed loop: each of --concurrency threads checks out as customer t, back to back.
  bool Throughput() {
    const auto count = static_cast<std::size_t>(options_.checkouts);
    std::vector<Sent> sent(count);
    std::atomic<std::size_t> next{0};
    std::vector<Clock::time_point> answered(count);
    const std::string error = RunOnThreads(options_.concurrency, [&](int t) {
      for (std::size_t i = next++; i < count; i = next++) {
        sent[i] = Checkout(static_cast<std::size_t>(t), i);
        answered[i] = Clock::now();
      }
    });
    if (!error.empty()) {
      std::fprintf(stderr, "checkout_bench: %s\n", error.c_str());
      return false;
    }
    const Clock::time_point first =
        std::min_element(sent.begin(), sent.end(), [](const Sent& a, const Sent& b) {
          return a.at < b.at;
        })->at;
    const Clock::time_point last_answer = *std::max_element(answered.begin(), answered.end());
    if (!AwaitConfirmed(sent)) {
      return false;
    }
    Clock::time_point last_confirmed = first;
    for (const Sent& order : sent) {
      last_confirmed = std::max(last_confirmed, *readers_.back()->ReceivedAt(order.order_id));
    }
    const double http_seconds = std::chrono::duration<double>(last_answer - first).count();
    const double saga_seconds = std::chrono::duration<double>(last_confirmed - first).count();
    std::printf(
        "throughput concurrency=%d checkouts=%zu http_per_s=%.1f confirmed_per_s=%.1f "
        "(last order confirmed %.2f s after the first checkout, %.2f s after the last answer)\n",
        options_.concurrency, count, static_cast<double>(count) / http_seconds,
        static_cast<double>(count) / saga_seconds, saga_seconds,
        std::chrono::duration<double>(last_confirmed - last_answer).count());
    Report("throughput_checkout_to_confirmed_ms", sent);
    return true;
  }

 private:
  void Report(const char* label, const std::vector<Sent>& sent) const {
    std::vector<double> latencies;
    for (const Sent& order : sent) {
      latencies.push_back(Millis(*readers_.back()->ReceivedAt(order.order_id) - order.at).count());
    }
    std::printf("%s count=%zu p50=%.2f p90=%.2f p99=%.2f max=%.2f\n", label, latencies.size(),
                Percentile(latencies, 0.50), Percentile(latencies, 0.90),
                Percentile(latencies, 0.99), Percentile(latencies, 1.0));
  }

  void ReportHops(const std::vector<Sent>& sent) const {
    for (std::size_t hop = 0; hop < kChain.size(); ++hop) {
      std::vector<double> times;
      for (const Sent& order : sent) {
        const auto to = readers_[hop]->ReceivedAt(order.order_id);
        const auto from =
            hop == 0 ? std::optional(order.at) : readers_[hop - 1]->ReceivedAt(order.order_id);
        if (to && from) {
          times.push_back(Millis(*to - *from).count());
        }
      }
      std::printf("hop %zu p50=%.2f p99=%.2f count=%zu  %s\n", hop + 1, Percentile(times, 0.50),
                  Percentile(times, 0.99), times.size(), kHops[hop]);
    }
  }

  const Options& options_;
  ShopSystem& system_;
  std::vector<std::unique_ptr<shop::bench::LatencyConsumer>> readers_;
  std::vector<ShopSystem::User> customers_;
  std::vector<std::string> products_;
};

}  // namespace

int main(int argc, char** argv) {
  Options options;
  CLI::App app{"checkout_bench: the order saga's checkout -> confirmed latency and throughput"};
  app.add_option("--rate", options.rate, "checkouts/s of the fixed-rate step")
      ->check(CLI::Range(0.1, 1000.0));
  app.add_option("--seconds", options.seconds, "length of the fixed-rate step")
      ->check(CLI::Range(1.0, 600.0));
  app.add_option("--checkouts", options.checkouts, "checkouts of the throughput step")
      ->check(CLI::Range(1, 100000));
  app.add_option("--concurrency", options.concurrency, "clients of the throughput step")
      ->check(CLI::Range(1, 64));
  app.add_option("--customers", options.customers, "customers (one cart each)")
      ->check(CLI::Range(1, 1000));
  app.add_option("--products", options.products, "products the checkouts spread over")
      ->check(CLI::Range(1, 1000));
  app.add_option("--warmup", options.warmup, "checkouts awaited before measuring")
      ->check(CLI::Range(1, 10000));
  app.add_option("--timeout", options.timeout_seconds, "seconds to wait for the confirmations")
      ->check(CLI::Range(1.0, 3600.0));
  CLI11_PARSE(app, argc, argv);
  if (options.concurrency > options.customers) {
    std::fprintf(stderr, "checkout_bench: --concurrency must not exceed --customers\n");
    return 2;
  }
  try {
    shop::testing::ShopOptions system_options;
    system_options.bootstrap = shop::testing::RequiredEnv("SHOP_TEST_KAFKA_BOOTSTRAP");
    for (const char* component :
         {"auth", "category", "product", "cart", "order", "payment", "payment-sim", "gateway"}) {
      system_options.env[component]["SHOP_LOG_LEVEL"] = "info";  // the tests' debug logs cost
    }
    // The deployed defaults where the test harness shortens them.
    system_options.env["payment"]["SHOP_PAYMENT_POLL_INTERVAL"] = "100ms";
    std::printf("checkout_bench: starting the platform\n");
    std::fflush(stdout);
    ShopSystem system(std::move(system_options));
    CheckoutBench bench(options, system);
    std::printf("checkout_bench: %d customers, %d products; warm-up of %d checkouts\n",
                options.customers, options.products, options.warmup);
    std::fflush(stdout);
    if (!bench.Warmup() || !bench.FixedRate()) {
      return 1;
    }
    std::fflush(stdout);
    if (!bench.Throughput()) {
      return 1;
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "checkout_bench: %s\n", e.what());
    return 1;
  }
  return 0;
}
