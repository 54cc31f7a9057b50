#pragma once
// The command line's shared state: every flag's bound variable (CLI11 writes them during parse,
// the subcommand callbacks read them), the exit code a command returned, and the helpers the
// subcommand declarations share. One instance, owned by main's Run, outlives the parse.

#include <CLI/CLI.hpp>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "shopctl/kafka_client.hpp"
#include "shopctl/kafka_problems.hpp"
#include "shopctl/outbox_parking.hpp"
#include "shopctl/time_arg.hpp"

namespace shop::shopctl {

struct CliState {
  TimePoint now{};
  std::optional<int> result{};  // the exit code of the command that ran
  // Kafka
  std::string bootstrap{};
  int timeout_s = 0;  // 0: the default, 10 s
  // dlq
  std::string group{}, topic{}, error_class{}, since{}, until{}, to{"retry"}, replay_log{};
  std::int64_t offset = 0, from_offset = 0, to_offset = 0;
  std::size_t limit = 0;
  double rate = 0;
  bool json = false, all = false, dry_run = false, force = false;
  // outbox
  std::string service{}, database_url{}, event_id{}, type{};
  RetrySelection retry{};
  KafkaProblems kafka_problems{};  // what librdkafka reported during the command

  KafkaSettings Kafka() const;
};

// The value of an environment variable, or of the file its NAME_FILE variable names
// (config::EnvConfig); nullopt when unset or empty. Throws config::ConfigError for an unreadable
// file or both set.
std::optional<std::string> Env(const std::string& name);

// --bootstrap and --timeout on `app`. The same variables are bound by several subcommands, so no
// CLI11 default_val or envname (CLI11 would apply another subcommand's default over a given
// flag): defaults and the environment are resolved in CliState::Kafka.
void AddKafkaFlags(CLI::App& app, CliState& state);

// The option's value when it was given.
std::optional<std::string> Given(const CLI::Option* option, const std::string& value);
// The option's value as a time when it was given; throws UsageError naming the flag when bad.
std::optional<TimePoint> GivenTime(const CLI::Option* option, const std::string& value,
                                   TimePoint now);

void AddDlqCommands(CLI::App& app, CliState& state);        // dlq_cli.cpp
void AddOutboxCommands(CLI::App& app, CliState& state);     // outbox_cli.cpp
void AddConsumersCommands(CLI::App& app, CliState& state);  // outbox_cli.cpp

}  // namespace shop::shopctl
