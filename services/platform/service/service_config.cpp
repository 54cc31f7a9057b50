#include "platform/service/service_config.hpp"

#include "platform/db/conninfo.hpp"

namespace shop::service {
namespace {

std::string LogLevel(const config::EnvConfig& env) {
  std::string level = env.String("SHOP_LOG_LEVEL", "info");
  if (level != "trace" && level != "debug" && level != "info" && level != "warn" &&
      level != "error" && level != "critical" && level != "off") {
    throw config::ConfigError("SHOP_LOG_LEVEL=\"" + level +
                              "\": expected one of trace, debug, info, warn, error, critical, off");
  }
  return level;
}

}  // namespace

HttpServiceConfig LoadHttpServiceConfig(const config::EnvConfig& env, std::uint16_t default_port,
                                        std::size_t default_workers) {
  HttpServiceConfig cfg;
  cfg.log_level = LogLevel(env);
  http::ServerOptions& http = cfg.http;
  http.address = env.String("SHOP_HTTP_ADDRESS", "127.0.0.1");
  http.port = env.Port("SHOP_HTTP_PORT", default_port);
  http.io_threads = static_cast<std::size_t>(env.Int("SHOP_HTTP_IO_THREADS", 1, 1, 64));
  http.workers = static_cast<std::size_t>(
      env.Int("SHOP_HTTP_WORKERS", static_cast<std::int64_t>(default_workers), 1, 256));
  http.queue_capacity =
      static_cast<std::size_t>(env.Int("SHOP_HTTP_QUEUE_CAPACITY", 64, 1, 100000));
  http.body_limit = env.Bytes("SHOP_HTTP_BODY_LIMIT", 1024 * 1024);
  http.header_timeout = env.Duration("SHOP_HTTP_HEADER_TIMEOUT", std::chrono::milliseconds(10000));
  http.read_timeout = env.Duration("SHOP_HTTP_READ_TIMEOUT", std::chrono::milliseconds(30000));
  http.idle_timeout = env.Duration("SHOP_HTTP_IDLE_TIMEOUT", std::chrono::milliseconds(60000));
  http.drain_timeout =
      env.Duration("SHOP_SHUTDOWN_DRAIN_TIMEOUT", std::chrono::milliseconds(20000));
  return cfg;
}

ServiceConfig LoadServiceConfig(const config::EnvConfig& env, std::uint16_t default_port) {
  ServiceConfig cfg;
  LogLevel(env);  // checked first, as it always was
  // Every connection of the service (pool, migrations) gives up on an unreachable host in time.
  cfg.database_url =
      db::WithConnectTimeout(env.RequiredString("SHOP_DATABASE_URL"),
                             env.Duration("SHOP_DB_CONNECT_TIMEOUT", std::chrono::seconds(5)));
  cfg.db_pool_size = static_cast<std::size_t>(env.Int("SHOP_DB_POOL_SIZE", 4, 1, 256));
  cfg.db_acquire_timeout = env.Duration("SHOP_DB_ACQUIRE_TIMEOUT", std::chrono::milliseconds(2000));
  cfg.db_startup_timeout =
      env.Duration("SHOP_DB_STARTUP_TIMEOUT", std::chrono::milliseconds(30000));
  // Handlers block on Postgres: more workers than connections would only wait for the pool.
  HttpServiceConfig http = LoadHttpServiceConfig(env, default_port, cfg.db_pool_size);
  cfg.http = std::move(http.http);
  cfg.log_level = std::move(http.log_level);
  return cfg;
}

}  // namespace shop::service
