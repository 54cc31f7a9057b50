#include "platform/logging/log.hpp"

#include <fmt/format.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <ctime>
#include <memory>
#include <mutex>
#include <stdexcept>

namespace shop::logging {
namespace {

struct LoggerState {
  std::string service = "unknown";
  std::shared_ptr<spdlog::logger> logger;
};

// The one piece of mutable global state the project allows (see log.hpp). Readers copy the
// shared_ptr under the mutex, so Init may replace the logger while other threads log.
std::mutex& StateMutex() {
  static std::mutex mutex;
  return mutex;
}

std::shared_ptr<const LoggerState>& StateSlot() {
  static std::shared_ptr<const LoggerState> state;
  return state;
}

std::shared_ptr<spdlog::logger> MakeLogger(spdlog::level::level_enum level) {
  auto sink = std::make_shared<spdlog::sinks::stdout_sink_mt>();
  auto logger = std::make_shared<spdlog::logger>("shop", std::move(sink));
  logger->set_pattern("%v");
  logger->set_level(level);
  logger->flush_on(spdlog::level::trace);  // one line per event, visible at once to collectors
  return logger;
}

std::shared_ptr<const LoggerState> CurrentState() {
  std::lock_guard lock(StateMutex());
  std::shared_ptr<const LoggerState>& slot = StateSlot();
  if (!slot) {
    auto state = std::make_shared<LoggerState>();
    state->logger = MakeLogger(spdlog::level::info);
    slot = std::move(state);
  }
  return slot;
}

spdlog::level::level_enum ParseLevel(std::string_view level) {
  struct Entry {
    std::string_view name;
    spdlog::level::level_enum level;
  };
  static constexpr Entry kLevels[] = {
      {"trace", spdlog::level::trace}, {"debug", spdlog::level::debug},
      {"info", spdlog::level::info},   {"warn", spdlog::level::warn},
      {"error", spdlog::level::err},   {"critical", spdlog::level::critical},
      {"off", spdlog::level::off},
  };
  for (const Entry& entry : kLevels) {
    if (entry.name == level) {
      return entry.level;
    }
  }
  throw std::invalid_argument("unknown log level \"" + std::string(level) +
                              "\": expected trace, debug, info, warn, error, critical or off");
}

std::string_view LevelName(spdlog::level::level_enum level) {
  switch (level) {
    case spdlog::level::trace:
      return "trace";
    case spdlog::level::debug:
      return "debug";
    case spdlog::level::info:
      return "info";
    case spdlog::level::warn:
      return "warn";
    case spdlog::level::err:
      return "error";
    case spdlog::level::critical:
      return "critical";
    default:
      return "off";
  }
}

// RFC 3339, UTC, milliseconds: 2026-11-24T06:56:12.123Z
std::string Timestamp() {
  const auto now = std::chrono::system_clock::now();
  const auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", utc.tm_year + 1900,
                     utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, millis);
}

}  // namespace

void Init(std::string service_name, std::string_view level) {
  auto state = std::make_shared<LoggerState>();
  state->service = std::move(service_name);
  state->logger = MakeLogger(ParseLevel(level));
  std::lock_guard lock(StateMutex());
  StateSlot() = std::move(state);
}

void Log(spdlog::level::level_enum level, std::string_view event, nlohmann::json fields) {
  const std::shared_ptr<const LoggerState> state = CurrentState();
  if (!state->logger->should_log(level)) {
    return;
  }
  try {
    // ordered_json keeps the envelope first: ts, level, service, event, then the fields.
    nlohmann::ordered_json line = nlohmann::ordered_json::object();
    line["ts"] = Timestamp();
    line["level"] = LevelName(level);
    line["service"] = state->service;
    line["event"] = event;
    if (fields.is_object()) {
      for (auto& [key, value] : fields.items()) {
        if (!line.contains(key)) {  // the envelope wins over a field of the same name
          line[key] = std::move(value);
        }
      }
    } else if (!fields.is_null()) {
      line["fields"] = std::move(fields);
    }
    // Fields often carry client input (paths, ids); never let invalid UTF-8 lose the line.
    state->logger->log(level, "{}",
                       line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
  } catch (const std::exception&) {
    // Logging must never take a request down; spdlog reports its own sink errors.
  }
}

}  // namespace shop::logging
