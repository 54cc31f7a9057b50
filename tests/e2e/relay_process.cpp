#include "relay_process.hpp"

#include <unistd.h>

#include <atomic>

namespace shop::testing {

ChildProcess StartOutboxRelay(const std::vector<std::string>& databases,
                              const std::string& bootstrap, const std::string& name,
                              const std::map<std::string, std::string>& extra_env,
                              std::uint16_t http_port) {
  static std::atomic<int> starts{0};  // process-wide on purpose: log names stay unique
  std::string urls;
  for (const std::string& database : databases) {
    urls += (urls.empty() ? "" : ",") + database;
  }
  const std::string log = RequiredEnv("SHOP_TEST_TMPDIR") + "/relay-" + name + "-" +
                          std::to_string(::getpid()) + "-" + std::to_string(starts++) + ".log";
  std::map<std::string, std::string> env{
      {"SHOP_RELAY_DATABASE_URLS", urls},
      {"SHOP_KAFKA_BOOTSTRAP", bootstrap},
      {"SHOP_HTTP_PORT", std::to_string(http_port != 0 ? http_port : FreePort())},
      {"SHOP_RELAY_POLL_INTERVAL", "200ms"},
      {"SHOP_LOG_LEVEL", "debug"}};
  for (const auto& [variable, value] : extra_env) {
    env[variable] = value;
  }
  return ChildProcess(OUTBOX_RELAY_BIN, {}, env, log);
}

}  // namespace shop::testing
