#include "shopctl/cli_state.hpp"

#include "platform/config/env_config.hpp"

namespace shop::shopctl {

KafkaSettings CliState::Kafka() const {
  return KafkaSettings{
      .bootstrap = !bootstrap.empty()
                       ? bootstrap
                       : Env("SHOP_KAFKA_BOOTSTRAP").value_or(std::string("127.0.0.1:9092")),
      .timeout = std::chrono::seconds(timeout_s > 0 ? timeout_s : 10),
      .problems = kafka_problems.Sink()};
}

std::optional<std::string> Env(const std::string& name) {
  // The services' reader, so NAME_FILE works here too (SHOP_<SERVICE>_DATABASE_URL_FILE).
  return config::EnvConfig().Optional(name);
}

void AddKafkaFlags(CLI::App& app, CliState& state) {
  app.add_option(
      "--bootstrap", state.bootstrap,
      "Kafka bootstrap servers (default: env SHOP_KAFKA_BOOTSTRAP, else 127.0.0.1:9092)");
  app.add_option("--timeout", state.timeout_s, "seconds to wait for the broker (default 10)")
      ->check(CLI::Range(1, 3600));
}

std::optional<std::string> Given(const CLI::Option* option, const std::string& value) {
  return option->count() > 0 ? std::optional(value) : std::nullopt;
}

std::optional<TimePoint> GivenTime(const CLI::Option* option, const std::string& value,
                                   TimePoint now) {
  if (option->count() == 0) {
    return std::nullopt;
  }
  return ParseTimeArg(option->get_name(), value, now);
}

}  // namespace shop::shopctl
