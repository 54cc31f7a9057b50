#include "gateway/proxy/upstream_problem.hpp"

#include <algorithm>

namespace shop::gateway {

unsigned CeilSeconds(std::chrono::milliseconds duration) {
  return static_cast<unsigned>(std::max<long long>(1, (duration.count() + 999) / 1000));
}

http::Problem FailureProblem(const http::UpstreamFailure& failure, const std::string& upstream) {
  switch (failure.kind()) {
    case http::UpstreamFailure::Kind::kCircuitOpen:
      return {.status = 503,
              .type = "urn:shop:problem:circuit-open",
              .title = "Service temporarily unavailable",
              .detail = "the " + upstream +
                        " service is failing; the gateway stops sending it requests for a while",
              .retry_after_seconds = CeilSeconds(failure.retry_after())};
    case http::UpstreamFailure::Kind::kUnreachable:
      return {.status = 503,
              .type = "urn:shop:problem:upstream-unreachable",
              .title = "Service unreachable",
              .detail = "the " + upstream + " service could not be reached",
              .retry_after_seconds = CeilSeconds(failure.retry_after())};
    case http::UpstreamFailure::Kind::kTimeout:
      return {.status = 504,
              .type = "urn:shop:problem:upstream-timeout",
              .title = "Service did not answer in time",
              .detail = "the " + upstream + " service did not answer in time"};
    case http::UpstreamFailure::Kind::kBroken:
      break;
  }
  return {.status = 502,
          .type = "urn:shop:problem:bad-gateway",
          .title = "Bad gateway",
          .detail = "the " + upstream + " service gave a broken answer"};
}

}  // namespace shop::gateway
