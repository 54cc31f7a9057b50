#include "gateway/proxy/cors.hpp"

#include <algorithm>
#include <array>

#include "platform/http/problem.hpp"

namespace shop::gateway {
namespace {

constexpr std::array<std::string_view, 6> kMethods{"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"};
constexpr const char* kAllowedMethods = "GET, HEAD, POST, PUT, PATCH, DELETE";
constexpr const char* kAllowedHeaders =
    "Authorization, Content-Type, Idempotency-Key, X-Request-ID, traceparent, tracestate";
constexpr const char* kExposedHeaders =
    "Location, Retry-After, X-Request-ID, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, "
    "RateLimit-Policy";
constexpr const char* kMaxAgeSeconds = "600";

// Adds `token` to the response's Vary field.
void AddVary(http::Response& response, std::string_view token) {
  const auto existing = response.headers.Get("Vary");
  response.headers.Set("Vary", existing && !existing->empty()
                                   ? std::string(*existing) + ", " + std::string(token)
                                   : std::string(token));
}

http::Response Refusal(const std::string& detail) {
  return http::ToResponse(http::Problem{.status = 403,
                                        .type = "urn:shop:problem:cors-refused",
                                        .title = "Cross-origin request refused",
                                        .detail = detail});
}

}  // namespace

CorsPolicy::CorsPolicy(std::vector<std::string> allowed_origins)
    : origins_(std::move(allowed_origins)) {}

bool CorsPolicy::Allows(std::string_view origin) const {
  return std::any_of(origins_.begin(), origins_.end(), [&](const std::string& allowed) {
    return allowed == "*" || allowed == origin;
  });
}

bool CorsPolicy::IsPreflight(const http::Request& request) {
  return request.method == http::Method::kOptions && request.headers.Has("Origin") &&
         request.headers.Has("Access-Control-Request-Method");
}

http::Response CorsPolicy::Preflight(const http::Request& request) const {
  const std::string_view origin = request.headers.Get("Origin").value_or("");
  const std::string_view method = request.headers.Get("Access-Control-Request-Method").value_or("");
  if (!Allows(origin)) {
    return Refusal("the origin " + std::string(origin) + " may not call this API");
  }
  if (std::find(kMethods.begin(), kMethods.end(), method) == kMethods.end()) {
    return Refusal("the method " + std::string(method) + " is not allowed cross-origin");
  }
  http::Response response = http::EmptyResponse(204);
  response.headers.Set("Access-Control-Allow-Origin", std::string(origin));
  response.headers.Set("Access-Control-Allow-Methods", kAllowedMethods);
  response.headers.Set("Access-Control-Allow-Headers", kAllowedHeaders);
  response.headers.Set("Access-Control-Max-Age", kMaxAgeSeconds);
  response.headers.Set("Vary",
                       "Origin, Access-Control-Request-Method, Access-Control-Request-Headers");
  return response;
}

void CorsPolicy::Decorate(const http::Request& request, http::Response& response) const {
  if (!enabled()) {
    return;
  }
  AddVary(response, "Origin");
  const auto origin = request.headers.Get("Origin");
  if (!origin || !Allows(*origin)) {
    return;
  }
  response.headers.Set("Access-Control-Allow-Origin", std::string(*origin));
  response.headers.Set("Access-Control-Expose-Headers", kExposedHeaders);
}

}  // namespace shop::gateway
