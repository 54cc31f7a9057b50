#pragma once
// The relay's settings, read from the environment (README.md lists them). Pure parsing helpers are
// exposed for unit tests.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "platform/config/env_config.hpp"

namespace shop::relay {

// One source database: its libpq URI (secret: may hold a password) and a label safe for logs and
// metrics (the database name only).
struct SourceDatabase {
  std::string uri;
  std::string label;
};

struct RelayConfig {
  std::vector<SourceDatabase> databases;
  std::string kafka_bootstrap;
  std::map<std::string, std::string> kafka_settings;  // SHOP_KAFKA_SETTINGS
  std::string http_address = "127.0.0.1";             // SHOP_HTTP_ADDRESS, as for the services
  std::uint16_t http_port = 8086;
  std::size_t batch_size = 500;
  std::chrono::milliseconds poll_interval{1000};
  std::chrono::seconds retention{std::chrono::hours(24 * 7)};
  std::chrono::milliseconds cleanup_every{std::chrono::minutes(5)};
  // How long rows of a topic that does not exist are sent again before they are parked.
  std::chrono::milliseconds topic_grace{std::chrono::minutes(5)};
  std::chrono::milliseconds message_timeout{30000};  // the producer's message.timeout.ms
  std::string log_level = "info";
};

// Throws config::ConfigError naming the first bad variable.
RelayConfig LoadRelayConfig(const config::EnvConfig& env);

// Splits SHOP_RELAY_DATABASE_URLS on commas, trimming blanks. Throws config::ConfigError when the
// list is empty or names one database twice.
std::vector<SourceDatabase> ParseDatabaseUrls(std::string_view list);

// The database name of a libpq URI ("postgresql://u:p@h:5432/orders?x=y" -> "orders") or of a
// key=value string ("host=h dbname=orders" -> "orders"); "unknown" when it names none. Never
// returns user, password or host.
std::string DatabaseLabel(std::string_view uri);

// "7d", "12h", "30m", "45s" or a plain number of seconds. Throws config::ConfigError.
std::chrono::seconds ParseRetention(std::string_view text);

}  // namespace shop::relay
