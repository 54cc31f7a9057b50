#pragma once
// RFC 9457 problem details and the typed errors handlers throw for a caller's mistake.
// One mapper (ToResponse) turns every error into application/problem+json.

#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "platform/http/message.hpp"

namespace shop::http {

struct Problem {
  unsigned status = 500;
  std::string type;    // a URI naming the kind of problem, e.g. "urn:shop:problem:validation"
  std::string title;   // short, the same for every instance of the type
  std::string detail;  // this occurrence, for a human
  nlohmann::json extensions = nlohmann::json::object();  // extra members, e.g. "errors"
  std::optional<unsigned> retry_after_seconds{};         // sets Retry-After when present
  Headers headers{};  // more response headers, e.g. WWW-Authenticate
};

Response ToResponse(const Problem& problem, const std::string& instance = {});
std::string RenderProblemJson(const Problem& problem, const std::string& instance = {});

// Thrown by handlers and by the JSON body parser; the router maps it with ToResponse.
class HttpError : public std::runtime_error {
 public:
  explicit HttpError(Problem problem);
  const Problem& problem() const { return problem_; }

 private:
  Problem problem_;
};

HttpError BadRequest(std::string detail);     // 400 urn:shop:problem:bad-request
HttpError MalformedJson(std::string detail);  // 400 urn:shop:problem:malformed-json
// 401 urn:shop:problem:unauthorized with `WWW-Authenticate: Bearer error="<bearer_error>"`
// (RFC 6750 section 3), or just `Bearer` when bearer_error is empty (no credentials were sent).
// Never put the token itself in `detail`.
HttpError Unauthorized(std::string detail, std::string_view bearer_error = "invalid_token");
HttpError Forbidden(std::string detail);             // 403 urn:shop:problem:forbidden
HttpError NotFound(std::string detail);              // 404 urn:shop:problem:not-found
HttpError Conflict(std::string detail);              // 409 urn:shop:problem:conflict
HttpError PayloadTooLarge(std::string detail);       // 413 urn:shop:problem:payload-too-large
HttpError UnsupportedMediaType(std::string detail);  // 415
HttpError Unprocessable(std::string detail, nlohmann::json errors = nullptr);  // 422 validation
HttpError ServiceUnavailable(std::string detail, unsigned retry_after_seconds = 1);  // 503

}  // namespace shop::http
