// outbox-relay: publishes the outbox rows of each source database to Kafka (DESIGN.md section 4).
// main only wires: config -> logging -> metrics + /health, /ready, /metrics -> per database a
// RelayLoop thread and a RetentionCleaner thread -> wait for SIGTERM -> stop them (each loop
// finishes its round and marks what was delivered) -> exit 0.
#include <atomic>
#include <exception>
#include <iostream>
#include <memory>
#include <thread>
#include <vector>

#include "platform/http/router.hpp"
#include "platform/http/server.hpp"
#include "platform/logging/log.hpp"
#include "platform/metrics/registry.hpp"
#include "platform/service/health_routes.hpp"
#include "relay/readiness.hpp"
#include "relay/relay_config.hpp"
#include "relay/relay_loop.hpp"
#include "relay/retention_cleaner.hpp"

namespace {

using namespace shop;

relay::LoopOptions LoopOptionsOf(const relay::RelayConfig& cfg, metrics::Registry& metrics) {
  return relay::LoopOptions{.batch_size = cfg.batch_size,
                            .poll_interval = cfg.poll_interval,
                            .retention = cfg.retention,
                            .cleanup_every = cfg.cleanup_every,
                            .topic_grace = cfg.topic_grace,
                            .producer = {.client = {.bootstrap = cfg.kafka_bootstrap,
                                                    .client_id = "outbox-relay",
                                                    .settings = cfg.kafka_settings,
                                                    .metrics = &metrics},
                                         .message_timeout = cfg.message_timeout}};
}

int Run(const relay::RelayConfig& cfg) {
  metrics::Registry metrics;
  std::atomic<bool> stop{false};
  std::vector<std::unique_ptr<relay::RelayLoop>> loops;
  std::vector<std::unique_ptr<relay::RetentionCleaner>> cleaners;
  for (const relay::SourceDatabase& source : cfg.databases) {
    loops.push_back(
        std::make_unique<relay::RelayLoop>(source, LoopOptionsOf(cfg, metrics), metrics, stop));
    cleaners.push_back(std::make_unique<relay::RetentionCleaner>(source, cfg.retention,
                                                                 cfg.cleanup_every, metrics, stop));
  }

  http::Router router;
  service::AddLivenessAndMetricsRoutes(router, metrics);
  router.Add(http::Method::kGet, "/ready", [&loops](http::Request&) {
    relay::SessionStates states;
    for (const auto& loop : loops) {
      states.emplace_back(loop->Source().label, loop->Connected());
    }
    return relay::ReadinessResponse(states);
  });
  http::HttpServer server(
      http::ServerOptions{.address = cfg.http_address, .port = cfg.http_port, .workers = 2}, router,
      metrics);
  const std::uint16_t port = server.Start();

  std::vector<std::thread> threads;
  for (auto& loop : loops) {
    threads.emplace_back([&loop] { loop->Run(); });
  }
  for (auto& cleaner : cleaners) {
    threads.emplace_back([&cleaner] { cleaner->Run(); });
  }
  nlohmann::json databases = nlohmann::json::array();
  for (const auto& source : cfg.databases) {
    databases.push_back(source.label);
  }
  logging::Info("relay_started",
                {{"port", port}, {"databases", databases}, {"batch_size", cfg.batch_size}});

  server.RunUntilSignal();
  stop = true;
  for (auto& thread : threads) {
    thread.join();
  }
  logging::Info("relay_stopped", {});
  return 0;
}

}  // namespace

int main() {
  relay::RelayConfig cfg;
  try {
    cfg = relay::LoadRelayConfig(config::EnvConfig{});
    logging::Init("outbox-relay", cfg.log_level);
  } catch (const std::exception& e) {
    std::cerr << "outbox-relay: configuration error: " << e.what() << '\n';
    return 2;
  }
  try {
    return Run(cfg);
  } catch (const std::exception& e) {
    std::cerr << "outbox-relay: start-up failed: " << e.what() << '\n';
    logging::Error("startup_failed", {{"error", e.what()}});
    return 1;
  }
}
