#pragma once
// GET /health: the process is alive (never touches the database).
// GET /ready:  200 when the database answers and every migration is applied, else 503 with the
//              failing check, so a load balancer stops sending traffic while Postgres is away.
// GET /metrics: Prometheus text format of the registry, plus the pool's gauges.

#include <vector>

#include "platform/db/migrations.hpp"
#include "platform/db/pool.hpp"
#include "platform/http/router.hpp"
#include "platform/metrics/registry.hpp"

namespace shop::service {

// GET /health and GET /metrics alone, for processes without a database of their own to check
// (the outbox relay).
void AddLivenessAndMetricsRoutes(http::Router& router, metrics::Registry& metrics);

// All three routes, /ready checking `pool` and `migrations`.
void AddHealthRoutes(http::Router& router, db::ConnectionPool& pool,
                     const std::vector<db::Migration>& migrations, metrics::Registry& metrics);

}  // namespace shop::service
