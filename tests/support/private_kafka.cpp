#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "test_support.hpp"

namespace shop::testing {
namespace {

std::string Tail(const std::string& path, std::size_t max_chars = 2000) {
  std::ifstream in(path);
  std::stringstream content;
  content << in.rdbuf();
  const std::string text = content.str();
  return text.size() <= max_chars ? text : text.substr(text.size() - max_chars);
}

std::string MakeTempDir() {
  const char* base = std::getenv("SHOP_TEST_TMPDIR");
  std::string pattern =
      std::string(base != nullptr && *base != '\0' ? base : "/tmp") + "/private-kafka-XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr) {
    throw std::runtime_error("mkdtemp " + pattern + " failed");
  }
  return pattern;
}

}  // namespace

PrivateKafka::PrivateKafka() {
  // The ports are picked free but not held: a test running beside this one may take one before the
  // broker binds it. kafka-ctl then fails the start (it waits for its own broker on the port, not
  // for any listener), and the start is tried again in a fresh folder on fresh ports.
  constexpr int kAttempts = 3;
  for (int attempt = 1;; ++attempt) {
    dir_ = MakeTempDir();
    port_ = FreePort();
    controller_port_ = FreePort();
    while (controller_port_ == port_) {
      controller_port_ = FreePort();
    }
    try {
      Start();
      RunKafkaCtl("create-topics", std::chrono::seconds(180));
      return;
    } catch (...) {
      try {
        Stop();
      } catch (const std::exception&) {
        // Best effort: the start already failed.
      }
      std::error_code ignored;
      std::filesystem::remove_all(dir_, ignored);
      if (attempt == kAttempts) {
        throw;
      }
    }
  }
}

PrivateKafka::~PrivateKafka() {
  try {
    Stop();
  } catch (const std::exception&) {
    // Best effort: the folder is removed below either way.
  }
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

void PrivateKafka::Start() {
  if (running_) {
    return;
  }
  // Set before the call: a start that times out may leave a broker behind for Stop() to end.
  running_ = true;
  RunKafkaCtl("start", std::chrono::seconds(180));
}

void PrivateKafka::Stop() {
  if (!running_) {
    return;
  }
  RunKafkaCtl("stop", std::chrono::seconds(60));  // kafka-ctl kills the broker after 30 s
  running_ = false;
}

std::string PrivateKafka::Bootstrap() const { return "127.0.0.1:" + std::to_string(port_); }

void PrivateKafka::RunKafkaCtl(const std::string& command, std::chrono::seconds timeout) const {
  const std::string log = dir_ + "/kafka-ctl.log";
  ChildProcess child(SHOP_KAFKA_CTL, {command},
                     {{"SHOP_LOCAL_DIR", dir_},
                      {"SHOP_KAFKA_PORT", std::to_string(port_)},
                      {"SHOP_KAFKA_CONTROLLER_PORT", std::to_string(controller_port_)},
                      {"SHOP_KAFKA_LIBS", RequiredEnv("SHOP_KAFKA_LIBS")},
                      {"SHOP_KAFKA_HEAP", "256m"}},
                     log);
  const std::optional<int> status = child.Wait(timeout);
  if (status != 0) {
    throw std::runtime_error("kafka-ctl " + command + " failed (" +
                             (status ? "exit " + std::to_string(*status) : "timeout") + ") in " +
                             dir_ + "; log " + log + ":\n" + Tail(log) + "\nbroker log:\n" +
                             Tail(dir_ + "/logs/kafka.log"));
  }
}

}  // namespace shop::testing
