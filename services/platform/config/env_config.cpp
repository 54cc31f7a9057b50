#include "platform/config/env_config.hpp"

#include <cctype>
#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <string_view>
#include <system_error>
#include <utility>

#include "platform/text/ascii.hpp"

namespace shop::config {
namespace {

[[noreturn]] void ThrowInvalid(const std::string& name, const std::string& value,
                               const std::string& expected) {
  throw ConfigError(name + "=\"" + value + "\": expected " + expected);
}

// Parses the whole of `text` as a decimal integer: no '+', no spaces, no trailing characters.
template <typename T>
std::optional<T> ParseWhole(std::string_view text) {
  T value{};
  const char* first = text.data();
  const char* last = text.data() + text.size();
  if (text.empty() || text.front() == '+') {
    return std::nullopt;
  }
  const auto [ptr, ec] = std::from_chars(first, last, value);
  if (ec != std::errc{} || ptr != last) {
    return std::nullopt;
  }
  return value;
}

// Splits "250ms" into {"250", "ms"}: the leading digits and the rest.
std::pair<std::string_view, std::string_view> SplitNumberAndUnit(std::string_view text) {
  std::size_t digits = 0;
  while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits])) != 0) {
    ++digits;
  }
  return {text.substr(0, digits), text.substr(digits)};
}

// The whole content of `path`, less one trailing newline (editors and `echo` add one).
std::string ReadSecretFile(const std::string& variable, const std::string& path) {
  std::error_code ec;
  std::ifstream in(path, std::ios::binary);
  // A directory opens as a stream and reads as empty: refuse it as unreadable.
  if (!in || std::filesystem::is_directory(path, ec)) {
    throw ConfigError(variable + "=\"" + path + "\": cannot read the file");
  }
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) {
    throw ConfigError(variable + "=\"" + path + "\": cannot read the file");
  }
  if (content.ends_with('\n')) {
    content.pop_back();
    if (content.ends_with('\r')) {
      content.pop_back();
    }
  }
  return content;
}

}  // namespace

EnvLookup ProcessEnvironment() {
  return [](const std::string& name) -> std::optional<std::string> {
    // getenv is safe here: the project never calls setenv after start-up.
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) {
      return std::nullopt;
    }
    return std::string(value);
  };
}

EnvConfig::EnvConfig(EnvLookup lookup) : lookup_(std::move(lookup)) {}

std::optional<std::string> EnvConfig::Lookup(const std::string& name) const {
  std::optional<std::string> value = lookup_(name);
  const std::string file_variable = name + "_FILE";
  const std::optional<std::string> path = lookup_(file_variable);
  const bool has_value = value && !value->empty();
  const bool has_path = path && !path->empty();
  if (has_value && has_path) {
    throw ConfigError(name + " and " + file_variable + " are both set: expected only one of them");
  }
  if (has_path) {
    value = ReadSecretFile(file_variable, *path);
  }
  if (!value || value->empty()) {
    return std::nullopt;
  }
  return value;
}

std::optional<std::string> EnvConfig::Optional(const std::string& name) const {
  return Lookup(name);
}

std::string EnvConfig::String(const std::string& name, const std::string& fallback) const {
  return Lookup(name).value_or(fallback);
}

std::string EnvConfig::RequiredString(const std::string& name) const {
  std::optional<std::string> value = Lookup(name);
  if (!value) {
    throw ConfigError(name + " is not set: expected a non-empty value");
  }
  return *value;
}

std::int64_t EnvConfig::Int(const std::string& name, std::int64_t fallback, std::int64_t min,
                            std::int64_t max) const {
  const std::optional<std::string> text = Lookup(name);
  if (!text) {
    return fallback;
  }
  const std::optional<std::int64_t> value = ParseWhole<std::int64_t>(*text);
  if (!value || *value < min || *value > max) {
    ThrowInvalid(name, *text,
                 "an integer between " + std::to_string(min) + " and " + std::to_string(max));
  }
  return *value;
}

std::uint16_t EnvConfig::Port(const std::string& name, std::uint16_t fallback) const {
  return static_cast<std::uint16_t>(
      Int(name, fallback, 0, std::numeric_limits<std::uint16_t>::max()));
}

bool EnvConfig::Bool(const std::string& name, bool fallback) const {
  const std::optional<std::string> text = Lookup(name);
  if (!text) {
    return fallback;
  }
  const std::string lower = shop::text::ToLowerAscii(*text);
  if (lower == "true" || lower == "1" || lower == "yes") {
    return true;
  }
  if (lower == "false" || lower == "0" || lower == "no") {
    return false;
  }
  ThrowInvalid(name, *text, "one of true, false, 1, 0, yes, no");
}

std::chrono::milliseconds EnvConfig::Duration(const std::string& name,
                                              std::chrono::milliseconds fallback) const {
  const std::optional<std::string> text = Lookup(name);
  if (!text) {
    return fallback;
  }
  const auto [number, unit] = SplitNumberAndUnit(*text);
  const std::optional<std::int64_t> count = ParseWhole<std::int64_t>(number);
  std::int64_t factor = 0;
  if (unit.empty() || unit == "ms") {
    factor = 1;
  } else if (unit == "s") {
    factor = 1000;
  } else if (unit == "m") {
    factor = 60 * 1000;
  } else if (unit == "h") {
    factor = 3600 * 1000;
  } else if (unit == "d") {
    factor = 24 * 3600 * 1000;
  }
  if (!count || factor == 0 || *count > std::numeric_limits<std::int64_t>::max() / factor) {
    ThrowInvalid(name, *text,
                 "a non-negative duration: milliseconds, or a number with suffix ms, s, m, h or d "
                 "(e.g. \"250ms\", \"5s\", \"30d\")");
  }
  return std::chrono::milliseconds(*count * factor);
}

std::uint64_t EnvConfig::Bytes(const std::string& name, std::uint64_t fallback) const {
  const std::optional<std::string> text = Lookup(name);
  if (!text) {
    return fallback;
  }
  const auto [number, unit] = SplitNumberAndUnit(*text);
  const std::optional<std::uint64_t> count = ParseWhole<std::uint64_t>(number);
  std::uint64_t factor = 0;
  if (unit.empty()) {
    factor = 1;
  } else if (unit == "KiB") {
    factor = std::uint64_t{1} << 10;
  } else if (unit == "MiB") {
    factor = std::uint64_t{1} << 20;
  } else if (unit == "GiB") {
    factor = std::uint64_t{1} << 30;
  }
  if (!count || factor == 0 || *count > std::numeric_limits<std::uint64_t>::max() / factor) {
    ThrowInvalid(name, *text,
                 "a size in bytes: a non-negative integer, optionally with suffix KiB, MiB or GiB "
                 "(e.g. \"512KiB\")");
  }
  return *count * factor;
}

}  // namespace shop::config
