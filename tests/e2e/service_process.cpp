#include "service_process.hpp"

#include <unistd.h>

#include <stdexcept>

#include "test_identity.hpp"

namespace shop::testing {
namespace {

// Background tasks of the order saga that write events in answer to events
// (product.stock-reservation): on the run's shared broker they would answer every other test's
// orders.
constexpr const char* kSagaTasks = "stock-reservation";

std::string LogFileFor(const std::string& binary, std::uint16_t port) {
  const std::string name = binary.substr(binary.find_last_of('/') + 1);
  return RequiredEnv("SHOP_TEST_TMPDIR") + "/" + name + "-" + std::to_string(port) + ".log";
}

std::map<std::string, std::string> ServiceEnv(std::uint16_t port, const std::string& database_url,
                                              std::map<std::string, std::string> extra) {
  std::map<std::string, std::string> env = {{"SHOP_HTTP_PORT", std::to_string(port)},
                                            {"SHOP_DATABASE_URL", database_url},
                                            {"SHOP_KAFKA_BOOTSTRAP", KafkaBootstrap()},
                                            {"SHOP_LOG_LEVEL", "debug"},
                                            {"SHOP_CATEGORY_URL", "http://127.0.0.1:1"},
                                            // The saga's consumers answer other processes'
                                            // events with events of their own: only a test that
                                            // runs a whole saga (ShopSystem) turns them on.
                                            {"SHOP_DISABLED_TASKS", kSagaTasks},
                                            {"SHOP_AUTH_URL", TestIdentity::Shared().AuthUrl()}};
  for (auto& [name, value] : extra) {
    env[name] = std::move(value);
  }
  return env;
}

}  // namespace

ServiceProcess::ServiceProcess(const std::string& binary, const std::string& database_url,
                               std::map<std::string, std::string> extra_env, std::uint16_t port)
    : port_(port != 0 ? port : FreePort()),
      test_identity_(!extra_env.contains("SHOP_AUTH_URL")),
      log_file_(LogFileFor(binary, port_)),
      process_(binary, {}, ServiceEnv(port_, database_url, std::move(extra_env)), log_file_) {
  bool exited = false;
  const bool healthy = WaitFor(
      [&] {
        try {
          return Call("GET", "/health").status == 200;
        } catch (const std::exception&) {
          exited = !process_.Running();
          return exited;  // stop waiting for a process that is gone
        }
      },
      std::chrono::seconds(30));
  if (!healthy || exited) {
    throw std::runtime_error(
        binary + (exited ? " exited during start-up" : " did not answer /health within 30 s") +
        "; see " + log_file_);
  }
  // What answered may be another test's process that took the port first (FreePort does not
  // hold it): this one then failed to bind.
  if (!ListensOn(process_.pid(), port_)) {
    throw std::runtime_error(binary + ": port " + std::to_string(port_) +
                             " is held by another process; see " + log_file_);
  }
}

HttpResult ServiceProcess::Call(const std::string& method, const std::string& target,
                                const std::string& body,
                                const std::map<std::string, std::string>& headers) const {
  std::map<std::string, std::string> sent = headers;
  if (const auto it = sent.find("Authorization"); it == sent.end()) {
    if (test_identity_) {
      sent["Authorization"] = "Bearer " + TestIdentity::Shared().AdminToken();
    }
  } else if (it->second.empty()) {
    sent.erase(it);
  }
  return HttpCall(port_, method, target, body, sent);
}

bool ServiceProcess::WaitForReady(unsigned status, std::chrono::milliseconds deadline) const {
  return WaitFor(
      [&] {
        try {
          return Call("GET", "/ready").status == status;
        } catch (const std::exception&) {
          return false;
        }
      },
      deadline);
}

}  // namespace shop::testing
