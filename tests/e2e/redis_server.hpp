#pragma once
// A private redis-server for one test: its own free port on loopback, no persistence (--save ""
// --appendonly no), so a restart comes back empty. Stop() and Start() for outage tests; stopped and
// its folder (the log) removed on destruction. The binary is Debian's /usr/bin/redis-server
// (deploy/local/install-deps), else SHOP_TEST_REDIS_SERVER.

#include <cstdint>
#include <optional>
#include <string>

#include "test_support.hpp"

namespace shop::testing {

class RedisServer {
 public:
  RedisServer();  // starts it; throws std::runtime_error when it does not answer PING in time
  ~RedisServer();
  RedisServer(const RedisServer&) = delete;
  RedisServer& operator=(const RedisServer&) = delete;

  void Start();  // on the same port
  void Stop();   // SIGTERM, waits for the exit
  std::uint16_t port() const { return port_; }
  std::string url() const { return "redis://127.0.0.1:" + std::to_string(port_); }
  // One PING on a new connection: true on +PONG.
  bool Answers() const;

 private:
  std::uint16_t port_;
  std::string dir_;
  std::optional<ChildProcess> process_;
};

}  // namespace shop::testing
