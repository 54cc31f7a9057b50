// category-service as a process: readiness follows Postgres, SIGTERM drains, concurrent start-ups
// migrate once, bad configuration stops start-up, /metrics passes promtool.
#include <gtest/gtest.h>

#include <csignal>
#include <cstdio>
#include <fstream>
#include <pqxx/pqxx>
#include <thread>

#include "service_process.hpp"

namespace shop::testing {
namespace {

using std::chrono::seconds;

TEST(CategoryLifecycleTest, ReadyTurnsFalseWhenPostgresStopsAndTrueWhenItReturns) {
  PrivatePostgres postgres;
  postgres.Start();
  ServiceProcess service(CATEGORY_SERVICE_BIN, postgres.Uri(),
                         {{"SHOP_DB_ACQUIRE_TIMEOUT", "500ms"}});
  ASSERT_TRUE(service.WaitForReady(200, seconds(30)));

  postgres.Stop();
  EXPECT_TRUE(service.WaitForReady(503, seconds(30))) << "see " << service.log_file();
  EXPECT_EQ(service.Call("GET", "/health").status, 200u) << "liveness must not depend on Postgres";

  postgres.Start();
  EXPECT_TRUE(service.WaitForReady(200, seconds(30))) << "see " << service.log_file();
  // The pool serves real requests again, not only /ready.
  EXPECT_TRUE(
      WaitFor([&] { return service.Call("GET", "/api/categories").status == 200; }, seconds(30)));
}

TEST(CategoryLifecycleTest, RequestsFailWith503WhilePostgresIsDown) {
  PrivatePostgres postgres;
  postgres.Start();
  ServiceProcess service(CATEGORY_SERVICE_BIN, postgres.Uri(),
                         {{"SHOP_DB_ACQUIRE_TIMEOUT", "500ms"}});
  postgres.Stop();
  const HttpResult result = service.Call("GET", "/api/categories");
  EXPECT_EQ(result.status, 503u) << result.body;
  EXPECT_EQ(result.headers.at("content-type"), "application/problem+json");
}

TEST(CategoryLifecycleTest, SigtermLetsAnInFlightRequestFinish) {
  const std::string database = CreateDatabase("category_drain");
  ServiceProcess service(CATEGORY_SERVICE_BIN, database);

  // Hold a lock so the service's INSERT waits inside Postgres: a request provably in flight.
  pqxx::connection blocker(database);
  pqxx::work lock_txn(blocker);
  lock_txn.exec("LOCK TABLE categories IN EXCLUSIVE MODE");

  HttpResult in_flight;
  std::string client_error;
  std::thread client([&] {
    try {
      in_flight = service.Call("POST", "/api/categories", R"({"name":"Drained"})",
                               {{"Content-Type", "application/json"}});
    } catch (const std::exception& e) {
      client_error = e.what();
    }
  });
  pqxx::connection observer(database);
  const bool waiting = WaitFor(
      [&] {
        pqxx::work txn(observer);
        return txn.exec1(
                      "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                      "AND query LIKE 'INSERT INTO categories%'")[0]
                   .as<int>() == 1;
      },
      seconds(20));
  if (!waiting) {
    lock_txn.commit();
    client.join();
    FAIL() << "the POST never reached Postgres; see " << service.log_file();
  }

  service.process().Signal(SIGTERM);
  lock_txn.commit();  // release: the in-flight insert completes during the drain
  client.join();
  EXPECT_EQ(client_error, "");
  EXPECT_EQ(in_flight.status, 201u) << in_flight.body;
  EXPECT_EQ(service.process().Wait(seconds(30)), 0) << "see " << service.log_file();

  pqxx::work check(observer);
  EXPECT_EQ(check.exec1("SELECT count(*) FROM categories WHERE name = 'Drained'")[0].as<int>(), 1);
}

TEST(CategoryLifecycleTest, TwoInstancesStartingTogetherApplyEachMigrationOnce) {
  const std::string database = CreateDatabase("category_twins");
  ChildProcess first(
      CATEGORY_SERVICE_BIN, {},
      {{"SHOP_HTTP_PORT", std::to_string(FreePort())}, {"SHOP_DATABASE_URL", database}});
  ChildProcess second(
      CATEGORY_SERVICE_BIN, {},
      {{"SHOP_HTTP_PORT", std::to_string(FreePort())}, {"SHOP_DATABASE_URL", database}});
  pqxx::connection connection(database);
  const bool migrated = WaitFor(
      [&] {
        try {
          pqxx::work txn(connection);
          return txn.exec1("SELECT count(*) FROM schema_migrations")[0].as<int>() >= 1;
        } catch (const pqxx::sql_error&) {
          return false;  // the table does not exist yet
        }
      },
      seconds(30));
  ASSERT_TRUE(migrated);
  EXPECT_TRUE(first.Running());
  EXPECT_TRUE(second.Running());
  pqxx::work txn(connection);
  EXPECT_EQ(txn.exec1("SELECT count(*) FROM schema_migrations WHERE version = 1")[0].as<int>(), 1);
  EXPECT_EQ(
      txn.exec1(
             "SELECT count(*) FROM pg_indexes WHERE indexname = 'categories_sibling_name_key'")[0]
          .as<int>(),
      1);
}

TEST(CategoryLifecycleTest, BadConfigurationStopsStartUpNamingTheVariable) {
  const std::string log = RequiredEnv("SHOP_TEST_TMPDIR") + "/category-bad-config.log";
  ChildProcess service(
      CATEGORY_SERVICE_BIN, {},
      {{"SHOP_HTTP_PORT", "80x"}, {"SHOP_DATABASE_URL", "postgresql://127.0.0.1:1/none"}}, log);
  EXPECT_EQ(service.Wait(seconds(30)), 2);
  const std::string output = ReadTextFile(log);
  EXPECT_NE(output.find("SHOP_HTTP_PORT"), std::string::npos) << output;
  EXPECT_NE(output.find("80x"), std::string::npos) << output;
}

TEST(CategoryLifecycleTest, MissingDatabaseUrlStopsStartUp) {
  const std::string log = RequiredEnv("SHOP_TEST_TMPDIR") + "/category-no-db.log";
  ChildProcess service(CATEGORY_SERVICE_BIN, {}, {{"SHOP_DATABASE_URL", ""}}, log);
  EXPECT_EQ(service.Wait(seconds(30)), 2);
  const std::string output = ReadTextFile(log);
  EXPECT_NE(output.find("SHOP_DATABASE_URL"), std::string::npos) << output;
}

TEST(CategoryLifecycleTest, MetricsPassPromtoolCheck) {
  ServiceProcess service(CATEGORY_SERVICE_BIN, CreateDatabase("category_metrics"));
  ASSERT_EQ(service.Call("GET", "/api/categories").status, 200u);
  ASSERT_EQ(service.Call("GET", "/api/categories/nope").status, 404u);
  const HttpResult metrics = service.Call("GET", "/metrics");
  ASSERT_EQ(metrics.status, 200u);
  EXPECT_NE(metrics.body.find("http_requests_total{"), std::string::npos);
  EXPECT_NE(metrics.body.find("http_request_duration_seconds_bucket{"), std::string::npos);
  EXPECT_NE(metrics.body.find("db_pool_connections_in_use"), std::string::npos);
  EXPECT_NE(metrics.body.find("http_worker_queue_depth"), std::string::npos);

  const std::string file =
      RequiredEnv("SHOP_TEST_TMPDIR") + "/metrics-" + std::to_string(service.port());
  std::ofstream(file) << metrics.body;
  const std::string command = "promtool check metrics < " + file + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string output;
  char buffer[512];
  while (fgets(buffer, sizeof buffer, pipe) != nullptr) {
    output += buffer;
  }
  EXPECT_EQ(pclose(pipe), 0) << output;
  EXPECT_EQ(output, "") << "promtool reported problems";
}

}  // namespace
}  // namespace shop::testing
