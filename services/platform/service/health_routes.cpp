#include "platform/service/health_routes.hpp"

#include <nlohmann/json.hpp>

#include "platform/http/problem.hpp"
#include "platform/logging/log.hpp"

namespace shop::service {
namespace {

// Why the database check failed, in one short phrase; empty when it passed.
std::string DatabaseProblem(db::ConnectionPool& pool,
                            const std::vector<db::Migration>& migrations) {
  try {
    return pool.Run([&](pqxx::connection& c) -> std::string {
      if (!db::MigrationsApplied(c, migrations)) {
        return "migrations not applied";
      }
      return {};
    });
  } catch (const std::exception& e) {
    return std::string("database unreachable: ") + e.what();
  }
}

}  // namespace

void AddLivenessAndMetricsRoutes(http::Router& router, metrics::Registry& metrics) {
  router.Add(http::Method::kGet, "/health",
             [](http::Request&) { return http::JsonResponse(200, R"({"status":"ok"})"); });

  router.Add(http::Method::kGet, "/metrics", [&metrics](http::Request&) {
    http::Response response;
    response.status = 200;
    response.headers.Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
    response.body = metrics.RenderText();
    return response;
  });
}

void AddHealthRoutes(http::Router& router, db::ConnectionPool& pool,
                     const std::vector<db::Migration>& migrations, metrics::Registry& metrics) {
  metrics.AddCallbackGauge("db_pool_connections_in_use", "Database connections leased right now.",
                           [&pool] { return static_cast<double>(pool.InUse()); });
  metrics.AddCallbackGauge("db_pool_connections_max", "Size of the database connection pool.",
                           [&pool] { return static_cast<double>(pool.Size()); });
  AddLivenessAndMetricsRoutes(router, metrics);

  router.Add(http::Method::kGet, "/ready", [&pool, &migrations](http::Request&) {
    const std::string problem = DatabaseProblem(pool, migrations);
    if (!problem.empty()) {
      logging::Warn("not_ready", {{"reason", problem}});
      http::Problem p{.status = 503,
                      .type = "urn:shop:problem:not-ready",
                      .title = "Service not ready",
                      .detail = problem,
                      .extensions = {{"checks", {{"database", "failing"}}}},
                      .retry_after_seconds = 1};
      return http::ToResponse(p);
    }
    return http::JsonResponse(
        200,
        nlohmann::json{{"status", "ready"}, {"checks", {{"database", "ok"}, {"migrations", "ok"}}}}
            .dump());
  });
}

}  // namespace shop::service
