#include "redis_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>

namespace shop::testing {
namespace {

std::string RedisServerBinary() {
  const char* configured = std::getenv("SHOP_TEST_REDIS_SERVER");
  return configured != nullptr && *configured != '\0' ? configured : "/usr/bin/redis-server";
}

}  // namespace

RedisServer::RedisServer() : port_(FreePort()) {
  const char* tmp = std::getenv("SHOP_TEST_TMPDIR");
  dir_ = std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/redis-" +
         std::to_string(port_);
  std::filesystem::create_directories(dir_);
  if (!std::filesystem::exists(RedisServerBinary())) {
    throw std::runtime_error(RedisServerBinary() +
                             " is missing: run deploy/local/install-deps (Debian's redis-server)");
  }
  Start();
}

RedisServer::~RedisServer() {
  try {
    Stop();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);  // its log only (nothing is persisted)
  } catch (...) {  // NOLINT(bugprone-empty-catch): the ChildProcess kills it anyway
  }
}

void RedisServer::Start() {
  process_.emplace(RedisServerBinary(),
                   std::vector<std::string>{"--port", std::to_string(port_), "--bind", "127.0.0.1",
                                            "--save", "", "--appendonly", "no", "--dir", dir_,
                                            "--daemonize", "no", "--protected-mode", "no"},
                   std::map<std::string, std::string>{}, dir_ + "/redis.log");
  if (!WaitFor([this] { return Answers() || !process_->Running(); }, std::chrono::seconds(20)) ||
      !Answers()) {
    throw std::runtime_error("redis-server on port " + std::to_string(port_) +
                             " did not answer; see " + dir_ + "/redis.log");
  }
}

void RedisServer::Stop() {
  if (!process_) {
    return;
  }
  process_->Signal(SIGTERM);
  if (!process_->Wait(std::chrono::seconds(20))) {
    process_->Signal(SIGKILL);
    process_->Wait(std::chrono::seconds(20));
  }
  process_.reset();
}

bool RedisServer::Answers() const {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    return false;
  }
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port_);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  timeval timeout{.tv_sec = 1, .tv_usec = 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  bool pong = false;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) {
    const std::string ping = "PING\r\n";
    if (::send(fd, ping.data(), ping.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(ping.size())) {
      char buffer[16] = {};
      const ssize_t n = ::recv(fd, buffer, sizeof buffer - 1, 0);
      pong = n >= 5 && std::string(buffer, 5) == "+PONG";
    }
  }
  ::close(fd);
  return pong;
}

}  // namespace shop::testing
