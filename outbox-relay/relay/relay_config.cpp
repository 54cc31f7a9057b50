#include "relay/relay_config.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <set>

#include "events/kafka/client.hpp"
#include "platform/db/conninfo.hpp"
#include "platform/text/ascii.hpp"

namespace shop::relay {
namespace {

// The path component of a URI after the authority, without query or fragment.
std::string UriDatabaseName(std::string_view uri) {
  const auto scheme_end = uri.find("://");
  std::string_view rest = uri.substr(scheme_end + 3);
  const auto slash = rest.find('/');
  if (slash == std::string_view::npos) {
    return {};
  }
  std::string_view path = rest.substr(slash + 1);
  path = path.substr(0, path.find_first_of("?#"));
  return std::string(path);
}

std::string KeyValueDatabaseName(std::string_view conninfo) {
  std::size_t pos = 0;
  while (pos < conninfo.size()) {
    const auto end = std::min(conninfo.find(' ', pos), conninfo.size());
    const std::string_view pair = conninfo.substr(pos, end - pos);
    if (pair.starts_with("dbname=")) {
      return std::string(pair.substr(7));
    }
    pos = end + 1;
  }
  return {};
}

}  // namespace

std::string DatabaseLabel(std::string_view uri) {
  uri = shop::text::TrimWhitespace(uri);
  std::string name;
  if (uri.starts_with("postgresql://") || uri.starts_with("postgres://")) {
    name = UriDatabaseName(uri);
  } else {
    name = KeyValueDatabaseName(uri);
  }
  return name.empty() ? "unknown" : name;
}

std::vector<SourceDatabase> ParseDatabaseUrls(std::string_view list) {
  std::vector<SourceDatabase> databases;
  std::set<std::string> seen;
  std::size_t pos = 0;
  while (pos <= list.size()) {
    const auto end = std::min(list.find(',', pos), list.size());
    const std::string uri(shop::text::TrimWhitespace(list.substr(pos, end - pos)));
    pos = end + 1;
    if (uri.empty()) {
      continue;
    }
    // A URI never contains whitespace (key=value conninfo does). Never echo the entry: it may hold
    // a password.
    const bool is_uri = uri.starts_with("postgresql://") || uri.starts_with("postgres://");
    if (is_uri && uri.find_first_of(" \t\n") != std::string::npos) {
      throw config::ConfigError(
          "SHOP_RELAY_DATABASE_URLS: an entry contains whitespace; separate URIs with commas");
    }
    const std::string label = DatabaseLabel(uri);
    if (!seen.insert(uri).second) {
      throw config::ConfigError("SHOP_RELAY_DATABASE_URLS names database '" + label + "' twice");
    }
    databases.push_back(SourceDatabase{.uri = uri, .label = label});
  }
  if (databases.empty()) {
    throw config::ConfigError("SHOP_RELAY_DATABASE_URLS: expected a comma-separated list of URIs");
  }
  return databases;
}

std::chrono::seconds ParseRetention(std::string_view text) {
  text = shop::text::TrimWhitespace(text);
  std::int64_t value = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  const std::string_view unit(ptr, static_cast<std::size_t>(text.data() + text.size() - ptr));
  std::int64_t factor = 0;
  if (unit.empty() || unit == "s") {
    factor = 1;
  } else if (unit == "m") {
    factor = 60;
  } else if (unit == "h") {
    factor = 3600;
  } else if (unit == "d") {
    factor = 86400;
  }
  if (ec != std::errc() || ptr == text.data() || factor == 0 || value <= 0 ||
      value > 3650 * 86400 / factor) {
    throw config::ConfigError("SHOP_RELAY_RETENTION='" + std::string(text) +
                              "': expected a positive duration like 7d, 12h, 30m or 45s");
  }
  return std::chrono::seconds(value * factor);
}

RelayConfig LoadRelayConfig(const config::EnvConfig& env) {
  RelayConfig cfg;
  cfg.databases = ParseDatabaseUrls(env.RequiredString("SHOP_RELAY_DATABASE_URLS"));
  // An unreachable host must not hold a loop for the kernel's TCP timeout (minutes).
  const auto connect_timeout = env.Duration("SHOP_DB_CONNECT_TIMEOUT", std::chrono::seconds(5));
  for (SourceDatabase& database : cfg.databases) {
    database.uri = db::WithConnectTimeout(database.uri, connect_timeout);
  }
  cfg.kafka_bootstrap = env.RequiredString("SHOP_KAFKA_BOOTSTRAP");
  try {
    cfg.kafka_settings = events::kafka::ParseKafkaSettings(env.String("SHOP_KAFKA_SETTINGS", ""));
  } catch (const events::kafka::KafkaError& e) {
    throw config::ConfigError(std::string("SHOP_KAFKA_SETTINGS: ") + e.what());
  }
  cfg.http_address = env.String("SHOP_HTTP_ADDRESS", cfg.http_address);
  cfg.http_port = env.Port("SHOP_HTTP_PORT", cfg.http_port);
  cfg.batch_size = static_cast<std::size_t>(env.Int("SHOP_RELAY_BATCH_SIZE", 500, 1, 100000));
  cfg.poll_interval = env.Duration("SHOP_RELAY_POLL_INTERVAL", cfg.poll_interval);
  if (cfg.poll_interval < std::chrono::milliseconds(10)) {
    throw config::ConfigError("SHOP_RELAY_POLL_INTERVAL: expected at least 10ms");
  }
  cfg.retention = ParseRetention(env.String("SHOP_RELAY_RETENTION", "7d"));
  cfg.cleanup_every = env.Duration("SHOP_RELAY_CLEANUP_EVERY", cfg.cleanup_every);
  cfg.topic_grace = env.Duration("SHOP_RELAY_TOPIC_GRACE", cfg.topic_grace);
  cfg.message_timeout = env.Duration("SHOP_RELAY_MESSAGE_TIMEOUT", cfg.message_timeout);
  if (cfg.message_timeout < std::chrono::seconds(1)) {
    throw config::ConfigError("SHOP_RELAY_MESSAGE_TIMEOUT: expected at least 1s");
  }
  cfg.log_level = env.String("SHOP_LOG_LEVEL", cfg.log_level);
  return cfg;
}

}  // namespace shop::relay
