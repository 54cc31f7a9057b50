#pragma once
// Structured logging: one JSON object per line on stdout via spdlog, e.g.
//   {"ts":"2026-11-24T06:56:12.123Z","level":"info","service":"category","event":"http_request",...}
// Never pass secrets, passwords or tokens as fields.

#include <spdlog/common.h>

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace shop::logging {

// Sets the process-wide logger (the only global mutable state the project allows).
// `level` is one of trace, debug, info, warn, error, critical, off; throws std::invalid_argument
// otherwise.
void Init(std::string service_name, std::string_view level = "info");

void Log(spdlog::level::level_enum level, std::string_view event,
         nlohmann::json fields = nlohmann::json::object());
inline void Info(std::string_view event, nlohmann::json fields = nlohmann::json::object()) {
  Log(spdlog::level::info, event, std::move(fields));
}
inline void Warn(std::string_view event, nlohmann::json fields = nlohmann::json::object()) {
  Log(spdlog::level::warn, event, std::move(fields));
}
inline void Error(std::string_view event, nlohmann::json fields = nlohmann::json::object()) {
  Log(spdlog::level::err, event, std::move(fields));
}

}  // namespace shop::logging
