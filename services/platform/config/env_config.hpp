#pragma once
// Configuration from environment variables with defaults. A value that is present but invalid
// throws ConfigError whose message names the variable, the value and what was expected; main()
// prints it and exits non-zero.
//
// Secrets from files (the NAME_FILE convention of container platforms, docs/decisions/0035): every
// read of NAME looks at NAME first; when NAME is unset or empty and NAME_FILE is set, the value is
// the content of the file NAME_FILE names, with one trailing newline ("\n" or "\r\n") removed.
// An unreadable file throws ConfigError naming NAME_FILE and the path; NAME and NAME_FILE both set
// throws ConfigError (which one would win is not obvious to an operator). An empty file counts as
// unset, as an empty variable does.

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
  // The value (from NAME or NAME_FILE), or nullopt when unset or empty.
  std::optional<std::string> Optional(const std::string& name) const;

 private:
  // NAME, else the content of NAME_FILE; an empty string counts as unset.
  std::optional<std::string> Lookup(const std::string& name) const;
  EnvLookup lookup_;
};

}  // namespace shop::config
