#include "platform/service/service_main.hpp"

#include <algorithm>
#include <chrono>
#include <exception>
#include <iostream>
#include <thread>

#include "platform/http/problem.hpp"
#include "platform/http/server.hpp"
#include "platform/logging/log.hpp"
#include "platform/service/health_routes.hpp"
#include "platform/service/service_config.hpp"
#include "platform/service/shutdown_trigger.hpp"
#include "platform/text/ascii.hpp"

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

// Runs one background task on its own thread. A task that throws, or returns before it was asked
// to stop, would otherwise leave the service up without the work it exists for (or, thrown out of
// a thread, end it without a word): log it and stop the whole service, so it exits non-zero and
// the supervisor restarts it.
void RunTask(BackgroundTask& task, ShutdownTrigger& shutdown) {
  std::string error;
  try {
    task.Run();
    if (shutdown.Requested()) {
      return;
    }
    error = "Run() returned before the service stopped";
  } catch (const std::exception& e) {
    error = e.what();
  } catch (...) {
    error = "unknown exception";
  }
  logging::Error("background_task_failed", {{"task", task.Name()}, {"error", error}});
  shutdown.TaskFailed();
}

// Starts the server, then the background tasks; on SIGTERM/SIGINT, or when a task fails, drains
// the server, then stops and joins the tasks. Returns the exit code: 0 after a signal, 1 after a
// failed task.
int ServeUntilStopped(
    const http::ServerOptions& options, const http::Router& router, metrics::Registry& metrics,
    nlohmann::json start_fields,
    const std::function<std::vector<std::unique_ptr<BackgroundTask>>()>& tasks_of) {
  ShutdownTrigger shutdown;
  http::HttpServer server(options, router, metrics);
  const std::uint16_t port = server.Start();
  start_fields["port"] = port;
  start_fields["workers"] = options.workers;
  start_fields["queue_capacity"] = options.queue_capacity;
  logging::Info("service_started", std::move(start_fields));
  const std::vector<std::unique_ptr<BackgroundTask>> tasks = tasks_of();
  std::vector<std::thread> threads;
  for (const auto& task : tasks) {
    logging::Info("background_task_started", {{"task", task->Name()}});
    threads.emplace_back([&task, &shutdown] { RunTask(*task, shutdown); });
  }
  const ShutdownTrigger::Reason reason = shutdown.Wait();
  server.Drain();
  for (const auto& task : tasks) {
    task->Stop();
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
  const bool failed = reason == ShutdownTrigger::Reason::kTaskFailed;
  logging::Info("service_stopped", {{"reason", failed ? "background_task_failed" : "signal"}});
  return failed ? 1 : 0;
}

// `tasks` without those named in `disabled` (SHOP_DISABLED_TASKS, comma-separated task names):
// an instance that serves HTTP only, or a test's service that must not join a consumer group
// other processes of the run use. A name no task has is logged, not an error: one setting may
// serve several services.
std::vector<std::unique_ptr<BackgroundTask>> WithoutDisabledTasks(
    std::vector<std::unique_ptr<BackgroundTask>> tasks, std::string_view disabled) {
  for (const std::string_view name : text::CommaSeparated(disabled)) {
    const auto it = std::find_if(tasks.begin(), tasks.end(),
                                 [&](const auto& task) { return task->Name() == name; });
    if (it == tasks.end()) {
      logging::Info("background_task_not_found",
                    {{"task", std::string(name)}, {"setting", "SHOP_DISABLED_TASKS"}});
      continue;
    }
    logging::Warn("background_task_disabled",
                  {{"task", std::string(name)}, {"setting", "SHOP_DISABLED_TASKS"}});
    tasks.erase(it);
  }
  return tasks;
}

// The authenticator kept in `objects`, built from the environment when there is none yet.
auth::Authenticator& KeptAuthenticator(ServiceObjects& objects, const config::EnvConfig& env) {
  if (auto* kept = objects.Find<auth::Authenticator>()) {
    return *kept;
  }
  return objects.Emplace<auth::Authenticator>(auth::Authenticator::FromEnv(env));
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
  // Declared after what its objects may use, before the router whose handlers use them.
  ServiceObjects objects;

  http::Router router;
  router.SetErrorTranslator([](const std::exception& error) -> std::optional<http::Problem> {
    if (dynamic_cast<const db::DatabaseUnavailable*>(&error) != nullptr ||
        dynamic_cast<const pqxx::broken_connection*>(&error) != nullptr) {
      return http::ServiceUnavailable("the database is unavailable; retry shortly").problem();
    }
    return std::nullopt;
  });
  ServiceContext context{.config = env,
                         .pool = pool,
                         .metrics = metrics,
                         .objects = objects,
                         .database_url = cfg.database_url};
  AddHealthRoutes(router, pool, migrations, metrics);
  definition.add_routes(router, context);

  return ServeUntilStopped(cfg.http, router, metrics, {{"db_pool_size", cfg.db_pool_size}}, [&] {
    return WithoutDisabledTasks(definition.background_tasks
                                    ? definition.background_tasks(context)
                                    : std::vector<std::unique_ptr<BackgroundTask>>{},
                                env.String("SHOP_DISABLED_TASKS", ""));
  });
}

int RunHttp(const HttpServiceDefinition& definition, const config::EnvConfig& env) {
  HttpServiceConfig cfg =
      LoadHttpServiceConfig(env, definition.default_port, definition.default_workers);
  cfg.http.start_traces = definition.start_traces;
  logging::Init(definition.name, cfg.log_level);
  metrics::Registry metrics;
  ServiceObjects objects;
  http::Router router;
  AddLivenessAndMetricsRoutes(router, metrics);
  HttpServiceContext context{.config = env, .metrics = metrics, .objects = objects};
  definition.add_routes(router, context);
  return ServeUntilStopped(cfg.http, router, metrics, nlohmann::json::object(),
                           [] { return std::vector<std::unique_ptr<BackgroundTask>>{}; });
}

// Maps start-up failures to exit codes: 2 for bad configuration, 1 for anything else.
template <typename Fn>
int Guarded(const std::string& name, Fn&& run) {
  try {
    return run();
  } catch (const config::ConfigError& e) {
    std::cerr << name << ": configuration error: " << e.what() << '\n';
    return 2;
  } catch (const std::exception& e) {
    // Logging may not be initialised yet: say it on stderr too.
    std::cerr << name << ": start-up failed: " << e.what() << '\n';
    logging::Error("startup_failed", {{"error", e.what()}});
    return 1;
  }
}

}  // namespace

auth::Authenticator& ServiceContext::Authenticator() { return KeptAuthenticator(objects, config); }

auth::Authenticator& HttpServiceContext::Authenticator() {
  return KeptAuthenticator(objects, config);
}

int RunService(const ServiceDefinition& definition) {
  const config::EnvConfig env;
  return Guarded(definition.name, [&] { return Run(definition, env); });
}

int RunHttpService(const HttpServiceDefinition& definition) {
  const config::EnvConfig env;
  return Guarded(definition.name, [&] { return RunHttp(definition, env); });
}

}  // namespace shop::service
