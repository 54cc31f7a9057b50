#pragma once
// Shared set-up of the server's in-process tests: a router with test routes, a gate the test
// opens to release blocked handlers, and a server on a free loopback port. Header-only.

// clang-format off
#include <utility>  // first: Boost 1.74's asio/awaitable.hpp needs std::exchange
// clang-format on

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "platform/http/json_body.hpp"
#include "platform/http/server.hpp"
#include "platform/http/test_client.hpp"
#include "platform/logging/log.hpp"

namespace shop::http {

// Handlers on /block wait here until the test opens the gate.
class Gate {
 public:
  void PassThrough() {
    std::unique_lock lock(mutex_);
    ++entered_;
    changed_.notify_all();
    changed_.wait(lock, [this] { return open_; });
  }
  void Open() {
    std::lock_guard lock(mutex_);
    open_ = true;
    changed_.notify_all();
  }
  // True when `count` handlers have reached the gate before the deadline.
  bool WaitEntered(int count, std::chrono::seconds deadline = std::chrono::seconds(10)) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, deadline, [&] { return entered_ >= count; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  int entered_ = 0;
  bool open_ = false;
};

class ServerTestFixture : public ::testing::Test {
 protected:
  ServerTestFixture() {
    logging::Init("platform-test", "warn");
    router_.Add(Method::kGet, "/hello", [](Request& request) {
      return JsonResponse(
          200, nlohmann::json{{"hello", "world"}, {"name", request.QueryParam("name").value_or("")}}
                   .dump());
    });
    router_.Add(Method::kPost, "/echo", [](Request& request) {
      const JsonBody body(request);
      return JsonResponse(200, nlohmann::json{{"name", body.RequiredString("name")}}.dump());
    });
    router_.Add(Method::kGet, "/block", [this](Request&) {
      gate_.PassThrough();
      return JsonResponse(200, "{}");
    });
  }

  ~ServerTestFixture() override {
    gate_.Open();  // never leave a worker blocked, even when a test failed half-way
    server_.reset();
  }

  static ServerOptions DefaultOptions() {
    ServerOptions options;
    options.address = "127.0.0.1";
    options.port = 0;
    options.io_threads = 2;
    options.workers = 2;
    options.queue_capacity = 8;
    options.drain_timeout = std::chrono::seconds(10);
    return options;
  }

  // Polls `condition` until it holds or 10 s have passed (for what happens on another thread).
  static bool Eventually(const std::function<bool()>& condition) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!condition()) {
      if (std::chrono::steady_clock::now() > deadline) {
        return false;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return true;
  }

  std::uint16_t StartServer(ServerOptions options) {
    server_ = std::make_unique<HttpServer>(std::move(options), router_, registry_);
    return server_->Start();
  }

  Gate gate_;
  Router router_;
  metrics::Registry registry_;
  std::unique_ptr<HttpServer> server_;
};

}  // namespace shop::http
