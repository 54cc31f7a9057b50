#pragma once
// The settings every service reads from its environment (README.md lists them with defaults).

#include <chrono>
#include <cstddef>
#include <string>

#include "platform/config/env_config.hpp"
#include "platform/http/server.hpp"

namespace shop::service {

struct ServiceConfig {
  http::ServerOptions http;
  std::string database_url;
  std::size_t db_pool_size = 4;
  std::chrono::milliseconds db_acquire_timeout{2000};
  std::chrono::milliseconds db_startup_timeout{30000};
  std::string log_level = "info";
};

// Throws config::ConfigError naming the first bad variable.
ServiceConfig LoadServiceConfig(const config::EnvConfig& env, std::uint16_t default_port);

}  // namespace shop::service
