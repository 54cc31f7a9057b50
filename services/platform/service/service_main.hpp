#pragma once
// The common start-up of every service: configuration -> logging -> Postgres pool -> migrations
// -> routes (/health, /ready, /metrics plus the service's own) -> HTTP server until SIGTERM.
// A service's main() is a ServiceDefinition and one call to RunService. What lives as long as the
// service (its authenticator, its clients of other services) is owned by the runtime: the
// definition builds it into ServiceContext::objects, or asks ServiceContext::Authenticator().

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "platform/auth/bearer_auth.hpp"
#include "platform/config/env_config.hpp"
#include "platform/db/migrations.hpp"
#include "platform/db/pool.hpp"
#include "platform/http/router.hpp"
#include "platform/metrics/registry.hpp"
#include "platform/service/background_task.hpp"
#include "platform/service/service_objects.hpp"

namespace shop::service {

// What a service's routes and tasks may use; lives for the whole run.
struct ServiceContext {
  const config::EnvConfig& config;
  db::ConnectionPool& pool;
  metrics::Registry& metrics;
  // Destroyed after the server and the tasks have stopped, before `metrics` and `pool`.
  ServiceObjects& objects;
  // SHOP_DATABASE_URL with the connect timeout, as the pool uses it: for a connection a task
  // holds outside the pool (a LISTEN). Empty where no service runs (tests building tasks).
  std::string database_url{};

  // The service's request authenticator: the one the definition kept in `objects` (auth-service
  // verifies its own tokens), else one built from SHOP_AUTH_URL and SHOP_JWT_*
  // (auth::Authenticator::FromEnv) on first use and kept there. Call during start-up.
  auth::Authenticator& Authenticator();
};

struct ServiceDefinition {
  std::string name;            // "category": log field, metrics label
  std::uint16_t default_port;  // SHOP_HTTP_PORT overrides
  std::vector<db::MigrationSource> migrations;
  std::vector<db::PreparedStatement> statements;
  std::function<void(http::Router&, ServiceContext&)> add_routes;
  // Optional: tasks run beside the server, e.g. the service's event consumers.
  std::function<std::vector<std::unique_ptr<BackgroundTask>>(ServiceContext&)> background_tasks;
};

// Returns the process exit code: 0 after a clean drain on SIGTERM/SIGINT, 2 for bad configuration,
// 1 when start-up fails (database unreachable within SHOP_DB_STARTUP_TIMEOUT, port in use) or a
// background task fails (throws, or returns before the service stops): the task's failure is
// logged (error, background_task_failed, with the task's name and the error), then the service
// drains and stops as on SIGTERM, and the supervisor restarts it.
int RunService(const ServiceDefinition& definition);

// A process that serves HTTP without a database of its own (the gateway): configuration ->
// logging -> routes (/health and /metrics, then the definition's, which include its /ready) ->
// HTTP server until SIGTERM, with the same settings, exit codes and drain as RunService.
struct HttpServiceContext {
  const config::EnvConfig& config;
  metrics::Registry& metrics;
  ServiceObjects& objects;  // as ServiceContext::objects

  auth::Authenticator& Authenticator();  // as ServiceContext::Authenticator()
};

struct HttpServiceDefinition {
  std::string name;                 // log field
  std::uint16_t default_port = 0;   // SHOP_HTTP_PORT overrides
  std::size_t default_workers = 4;  // SHOP_HTTP_WORKERS overrides
  bool start_traces = false;        // http::ServerOptions::start_traces
  // What add_routes builds to keep goes into HttpServiceContext::objects.
  std::function<void(http::Router&, HttpServiceContext&)> add_routes{};
};

int RunHttpService(const HttpServiceDefinition& definition);

}  // namespace shop::service
