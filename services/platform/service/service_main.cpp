#include "platform/service/service_main.hpp"

#include <chrono>
#include <exception>
#include <iostream>
#include <thread>

#include "platform/http/problem.hpp"
#include "platform/http/server.hpp"
#include "platform/logging/log.hpp"
#include "platform/service/health_routes.hpp"
#include "platform/service/service_config.hpp"

namespace shop::service {
namespace {

// Postgres may still be starting when the service does (deploy scripts, orchestrators): retry the
// migrations until the start-up deadline instead of failing on the first refused connection.
// Migrations use a connection of their own: the pool prepares its statements on connect, which
// needs the tables the migrations create.
std::vector<int> MigrateWithDeadline(const std::string& database_url,
                                     const std::vector<db::Migration>& migrations,
                                     std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    try {
      pqxx::connection connection(database_url);
      return db::ApplyMigrations(connection, migrations);
    } catch (const pqxx::broken_connection& e) {
      if (std::chrono::steady_clock::now() >= deadline) {
        throw db::DatabaseUnavailable(std::string("database unreachable at start-up: ") + e.what());
      }
      logging::Warn("database_unavailable_at_startup", {{"error", e.what()}, {"retry_in_ms", 500}});
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
    }
  }
}

int Run(const ServiceDefinition& definition, const config::EnvConfig& env) {
  const ServiceConfig cfg = LoadServiceConfig(env, definition.default_port);
  logging::Init(definition.name, cfg.log_level);

  const std::vector<db::Migration> migrations = db::OrderMigrations(definition.migrations);
  const std::vector<int> applied =
      MigrateWithDeadline(cfg.database_url, migrations, cfg.db_startup_timeout);
  logging::Info("migrations_applied", {{"applied", applied}, {"known", migrations.size()}});

  db::ConnectionPool pool(db::PoolOptions{.conninfo = cfg.database_url,
                                          .size = cfg.db_pool_size,
                                          .acquire_timeout = cfg.db_acquire_timeout,
                                          .statements = definition.statements});
  metrics::Registry metrics;

  http::Router router;
  router.SetErrorTranslator([](const std::exception& error) -> std::optional<http::Problem> {
    if (dynamic_cast<const db::DatabaseUnavailable*>(&error) != nullptr ||
        dynamic_cast<const pqxx::broken_connection*>(&error) != nullptr) {
      return http::ServiceUnavailable("the database is unavailable; retry shortly").problem();
    }
    return std::nullopt;
  });
  ServiceContext context{env, pool, metrics};
  AddHealthRoutes(router, pool, migrations, metrics);
  definition.add_routes(router, context);

  http::HttpServer server(cfg.http, router, metrics);
  const std::uint16_t port = server.Start();
  logging::Info("service_started", {{"port", port},
                                    {"workers", cfg.http.workers},
                                    {"queue_capacity", cfg.http.queue_capacity},
                                    {"db_pool_size", cfg.db_pool_size}});
  std::vector<std::unique_ptr<BackgroundTask>> tasks;
  if (definition.background_tasks) {
    tasks = definition.background_tasks(context);
  }
  std::vector<std::thread> threads;
  for (const auto& task : tasks) {
    logging::Info("background_task_started", {{"task", task->Name()}});
    threads.emplace_back([&task] { task->Run(); });
  }
  server.RunUntilSignal();
  for (const auto& task : tasks) {
    task->Stop();
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
  logging::Info("service_stopped", {});
  return 0;
}

}  // namespace

int RunService(const ServiceDefinition& definition) {
  const config::EnvConfig env;
  try {
    return Run(definition, env);
  } catch (const config::ConfigError& e) {
    std::cerr << definition.name << ": configuration error: " << e.what() << '\n';
    return 2;
  } catch (const std::exception& e) {
    // Logging may not be initialised yet: say it on stderr too.
    std::cerr << definition.name << ": start-up failed: " << e.what() << '\n';
    logging::Error("startup_failed", {{"error", e.what()}});
    return 1;
  }
}

}  // namespace shop::service
