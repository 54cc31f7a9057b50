#pragma once
// Configuration from environment variables with defaults. A value that is present but invalid
// throws ConfigError whose message names the variable, the value and what was expected; main()
// prints it and exits non-zero.

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>

namespace shop::config {

class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;

// Reads the real process environment.
EnvLookup ProcessEnvironment();

class EnvConfig {
 public:
  explicit EnvConfig(EnvLookup lookup = ProcessEnvironment());

  std::string String(const std::string& name, const std::string& fallback) const;
  std::string RequiredString(const std::string& name) const;  // throws ConfigError when unset/empty
  std::int64_t Int(const std::string& name, std::int64_t fallback, std::int64_t min,
                   std::int64_t max) const;
  std::uint16_t Port(const std::string& name, std::uint16_t fallback) const;  // 0..65535
  bool Bool(const std::string& name, bool fallback) const;  // true/false/1/0/yes/no
  // Milliseconds: a plain integer is milliseconds; suffixes ms, s, m, h, d are accepted ("250ms",
  // "5s", "30d").
  std::chrono::milliseconds Duration(const std::string& name,
                                     std::chrono::milliseconds fallback) const;
  // Bytes: plain integer, or with suffix KiB/MiB/GiB.
  std::uint64_t Bytes(const std::string& name, std::uint64_t fallback) const;

 private:
  std::optional<std::string> Lookup(const std::string& name) const;  // empty string counts as unset
  EnvLookup lookup_;
};

}  // namespace shop::config
