#pragma once
// The settings every service reads from its environment (README.md lists them with defaults).

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

#include "platform/config/env_config.hpp"
#include "platform/http/server.hpp"

namespace shop::service {

// What any HTTP process reads: SHOP_LOG_LEVEL and SHOP_HTTP_* (SHOP_SHUTDOWN_DRAIN_TIMEOUT too).
struct HttpServiceConfig {
  http::ServerOptions http;
  std::string log_level = "info";
};

// `default_workers` is SHOP_HTTP_WORKERS' default. Throws config::ConfigError naming the first bad
// variable.
HttpServiceConfig LoadHttpServiceConfig(const config::EnvConfig& env, std::uint16_t default_port,
                                        std::size_t default_workers);

struct ServiceConfig {
  http::ServerOptions http;
  std::string database_url;
  std::size_t db_pool_size = 4;
  std::chrono::milliseconds db_acquire_timeout{2000};
  std::chrono::milliseconds db_startup_timeout{30000};
  std::string log_level = "info";
};

// The HTTP settings plus SHOP_DATABASE_URL and SHOP_DB_*; handlers block on Postgres, so
// SHOP_HTTP_WORKERS defaults to the pool size. Throws config::ConfigError naming the first bad
// variable.
ServiceConfig LoadServiceConfig(const config::EnvConfig& env, std::uint16_t default_port);

}  // namespace shop::service
