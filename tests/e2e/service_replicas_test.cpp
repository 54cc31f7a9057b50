// Two product-service instances behind the gateway (issue 15, decision 0041): under a steady,
// bounded client loop one instance is killed with SIGKILL. What must hold:
//  - the clients see failures only where the gateway could not retry on the other instance: at
//    most the retries the retry budget denied, plus the requests in flight at the kill (counted);
//  - product.category-sync rebalances: the surviving instance takes every partition of the group
//    (its consumer_assigned_partitions), and category renames made while the instance is down
//    reach the products (the category -> product replica stays in sync);
//  - the killed instance starts again on its port and takes traffic (its own request counter
//    grows) and partitions again.
// No timing assertions: every wait is a condition with a deadline.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "shop_system.hpp"

namespace shop::testing {
namespace {

using namespace std::chrono_literals;

constexpr int kClients = 2;
constexpr int kCategories = 6;
// The loop stops after this many requests whatever happens: bounded even when a condition
// never comes.
constexpr long kMaxRequests = 400000;

// The sum of every series of `name` in a Prometheus exposition whose labels contain each of
// `labels` (`upstream="product"`, ...): counters split by labels a test does not care about.
double SumSeries(const std::string& exposition, const std::string& name,
                 const std::vector<std::string>& labels) {
  double sum = 0;
  std::istringstream lines(exposition);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind(name + "{", 0) != 0 && line.rfind(name + " ", 0) != 0) {
      continue;
    }
    const std::size_t space = line.rfind(' ');
    const std::string series = line.substr(0, space);
    bool match = true;
    for (const std::string& label : labels) {
      match = match && series.find(label) != std::string::npos;
    }
    if (match) {
      sum += std::stod(line.substr(space + 1));
    }
  }
  return sum;
}

// Requests product-service instance `instance` answered on its product routes.
double ProductRequests(const ShopSystem& system, int instance) {
  return SumSeries(system.Metrics("product", instance), "http_requests_total",
                   {R"(route="/api/products)"});
}

double Assigned(const ShopSystem& system, int instance) {
  return MetricValue(system.Metrics("product", instance),
                     "consumer_assigned_partitions{group=\"" +
                         system.Group("product.category-sync") + "\"}")
      .value_or(0);
}

double GatewayRetries(const ShopSystem& system, const std::string& outcome) {
  return SumSeries(system.Metrics("gateway"), "upstream_retries_total",
                   {R"(upstream="product")", "outcome=\"" + outcome + "\""});
}

// A steady load of kClients threads through the gateway: GET /api/products/{id} and the list, in
// turn, until Stop() or kMaxRequests. Every answer is counted; non-2xx (and no answer) are
// failures.
class ClientLoop {
 public:
  ClientLoop(const ShopSystem& system, std::vector<std::string> product_ids)
      : system_(system), ids_(std::move(product_ids)) {
    for (int t = 0; t < kClients; ++t) {
      threads_.emplace_back([this, t] { Run(t); });
    }
  }
  ~ClientLoop() { Stop(); }
  ClientLoop(const ClientLoop&) = delete;
  ClientLoop& operator=(const ClientLoop&) = delete;

  void Stop() {
    stop_ = true;
    for (std::thread& thread : threads_) {
      if (thread.joinable()) {
        thread.join();
      }
    }
  }
  long Sent() const { return sent_; }
  long Failed() const { return failed_; }
  bool Exhausted() const { return sent_ >= kMaxRequests; }
  std::string LastFailure() const {
    const std::lock_guard lock(mutex_);
    return last_failure_;
  }

 private:
  void Run(int thread) {
    for (std::size_t i = static_cast<std::size_t>(thread); !stop_ && sent_ < kMaxRequests; ++i) {
      const std::string target =
          i % 2 == 0 ? "/api/products/" + ids_[i / 2 % ids_.size()] : "/api/products?limit=20";
      unsigned status = 0;
      std::string body;
      try {
        const HttpResult result = system_.Api("GET", target, "");
        status = result.status;
        body = result.body;
      } catch (const std::exception& error) {
        body = error.what();  // no answer at all
      }
      ++sent_;
      if (status < 200 || status > 299) {
        ++failed_;
        const std::lock_guard lock(mutex_);
        last_failure_ = std::to_string(status) + " " + target + " " + body.substr(0, 200);
      }
    }
  }

  const ShopSystem& system_;
  const std::vector<std::string> ids_;
  std::atomic<bool> stop_{false};
  std::atomic<long> sent_{0};
  std::atomic<long> failed_{0};
  mutable std::mutex mutex_;
  std::string last_failure_;
  std::vector<std::thread> threads_;
};

TEST(ServiceReplicasTest, AKilledProductInstanceCostsAtMostTheRetryBudgetAndComesBack) {
  ShopSystem system(
      ShopOptions{.saga = false,
                  // The breaker of a killed instance lets a probe through after 2 s instead of 10
                  // s, so the restarted instance is back in the rotation soon.
                  .env = {{"gateway", {{"SHOP_GATEWAY_BREAKER_OPEN", "2s"}}}},
                  .replicas = {{"product", 2}}});
  ASSERT_EQ(system.Replicas("product"), 2);

  // Categories, each with a product: their events spread over the topics' partitions, so each
  // instance's share of the group has some of them.
  std::vector<std::string> categories;
  std::vector<std::string> products;
  for (int i = 0; i < kCategories; ++i) {
    categories.push_back(system.CreateCategory("Replicas " + std::to_string(i)).at("id"));
    products.push_back(
        system.CreateProduct("Lamp " + std::to_string(i), "5.00", 100, categories.back()).at("id"));
  }

  // Both instances are members of product.category-sync with a share of its partitions (a member
  // with none would take over nothing); together they hold every partition.
  ASSERT_TRUE(WaitFor([&] { return Assigned(system, 0) > 0 && Assigned(system, 1) > 0; }, 60s))
      << "assigned partitions: " << Assigned(system, 0) << " and " << Assigned(system, 1);
  const double partitions = Assigned(system, 0) + Assigned(system, 1);
  std::printf("product.category-sync: %g + %g partitions before the kill\n", Assigned(system, 0),
              Assigned(system, 1));

  ClientLoop load(system, products);
  // Steady state: the gateway balances, each instance answers product requests.
  ASSERT_TRUE(WaitFor(
      [&] {
        return load.Exhausted() ||
               (ProductRequests(system, 0) >= 50 && ProductRequests(system, 1) >= 50);
      },
      60s))
      << "both instances should take traffic: " << ProductRequests(system, 0) << " and "
      << ProductRequests(system, 1);
  ASSERT_EQ(load.Failed(), 0) << load.LastFailure();
  const double denied_before = GatewayRetries(system, "denied");
  const double sent_before = GatewayRetries(system, "sent");
  const long requests_before = load.Sent();

  system.Kill("product", 1);
  const long failed_at_kill = load.Failed();

  // Renames while the instance is down: applied once the survivor owns the dead member's
  // partitions (after the session timeout, decision 0023: a static member keeps them until then).
  for (int i = 0; i < kCategories; ++i) {
    const HttpResult renamed = system.Api(
        "PATCH", "/api/categories/" + categories[static_cast<std::size_t>(i)], system.Admin().token,
        nlohmann::json{{"name", "Renamed " + std::to_string(i)}}.dump());
    ASSERT_EQ(renamed.status, 200u) << renamed.body;
  }
  EXPECT_TRUE(WaitFor([&] { return Assigned(system, 0) == partitions; }, 60s))
      << "the survivor should hold all " << partitions << " partitions, holds "
      << Assigned(system, 0);
  std::printf("product.category-sync after the kill: the survivor holds %g partitions\n",
              Assigned(system, 0));
  const auto all_renamed = [&] {
    for (int i = 0; i < kCategories; ++i) {
      const HttpResult got =
          system.Api("GET", "/api/products/" + products[static_cast<std::size_t>(i)], "");
      const auto json = nlohmann::json::parse(got.body, nullptr, false);
      if (!json.is_object() || json.value("category_name", "") != "Renamed " + std::to_string(i)) {
        return false;
      }
    }
    return true;
  };
  EXPECT_TRUE(WaitFor(all_renamed, 60s)) << "renames made while an instance was down are missing";
  // Load on one instance for a while: at least as many requests as before the kill.
  EXPECT_TRUE(WaitFor([&] { return load.Exhausted() || load.Sent() >= 2 * requests_before; }, 60s));

  system.Start("product", 1);  // same port, database, static member id
  EXPECT_TRUE(WaitFor([&] { return load.Exhausted() || ProductRequests(system, 1) >= 20; }, 60s))
      << "the restarted instance takes no traffic: " << ProductRequests(system, 1);
  EXPECT_TRUE(WaitFor([&] { return Assigned(system, 1) > 0; }, 60s))
      << "the restarted instance got no partitions back";
  std::printf("product.category-sync after the restart: %g + %g partitions\n", Assigned(system, 0),
              Assigned(system, 1));
  load.Stop();

  // The bound. The gateway tries a request on one instance; when that attempt gets no answer
  // (refused: the instance is dead; broken: it died mid-request) a GET is retried on another
  // instance if the retry budget allows (20 % of first attempts + 3 per 10 s). So a client sees
  // a failure only when the budget denied that retry (upstream_retries_total{outcome="denied"}
  // counts each), or for a request in flight on the killed instance whose retry also failed: at
  // most one per client thread. Everything else is answered by the survivor.
  const double denied = GatewayRetries(system, "denied") - denied_before;
  const double retried = GatewayRetries(system, "sent") - sent_before;
  const long failed = load.Failed();
  std::printf(
      "requests %ld, failed %ld (%ld when Kill() had returned), gateway retries sent %g, denied "
      "%g\n",
      load.Sent(), failed, failed_at_kill, retried, denied);
  EXPECT_LE(static_cast<double>(failed), denied + kClients) << load.LastFailure();
  EXPECT_FALSE(load.Exhausted()) << "the loop hit its request cap before the conditions";
  EXPECT_TRUE(all_renamed()) << "the replica drifted after the restart";
}

}  // namespace
}  // namespace shop::testing
