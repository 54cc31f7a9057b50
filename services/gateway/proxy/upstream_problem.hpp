#pragma once
// The gateway's answer when an upstream gave none (platform/http/upstream.hpp's failure kinds):
// 503 circuit-open or upstream-unreachable (with Retry-After), 504 upstream-timeout, 502
// bad-gateway. Shared by proxied requests and proxied WebSocket handshakes. Pure.

#include <chrono>
#include <string>

#include "platform/http/problem.hpp"
#include "platform/http/upstream.hpp"

namespace shop::gateway {

// Whole seconds, rounded up, at least 1: Retry-After and RateLimit-Policy values.
unsigned CeilSeconds(std::chrono::milliseconds duration);

http::Problem FailureProblem(const http::UpstreamFailure& failure, const std::string& upstream);

}  // namespace shop::gateway
