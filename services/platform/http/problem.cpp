#include "platform/http/problem.hpp"

#include <utility>

namespace shop::http {
namespace {

constexpr const char* kProblemContentType = "application/problem+json";

bool IsStandardMember(const std::string& key) {
  return key == "type" || key == "title" || key == "status" || key == "detail" || key == "instance";
}

Problem MakeProblem(unsigned status, std::string type, std::string title, std::string detail) {
  Problem problem;
  problem.status = status;
  problem.type = std::move(type);
  problem.title = std::move(title);
  problem.detail = std::move(detail);
  return problem;
}

}  // namespace

std::string RenderProblemJson(const Problem& problem, const std::string& instance) {
  // Standard members first, in RFC order, then the extensions.
  nlohmann::ordered_json body = nlohmann::ordered_json::object();
  body["type"] = problem.type.empty() ? "about:blank" : problem.type;
  body["title"] = problem.title;
  body["status"] = problem.status;
  if (!problem.detail.empty()) {
    body["detail"] = problem.detail;
  }
  if (!instance.empty()) {
    body["instance"] = instance;
  }
  // Extension members never override the standard ones (RFC 9457 section 3.2).
  if (problem.extensions.is_object()) {
    for (const auto& [key, value] : problem.extensions.items()) {
      if (!IsStandardMember(key)) {
        body[key] = value;
      }
    }
  }
  // Details may echo client input; invalid UTF-8 is replaced instead of throwing.
  return body.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

Response ToResponse(const Problem& problem, const std::string& instance) {
  Response response;
  response.status = problem.status;
  response.headers.Set("Content-Type", kProblemContentType);
  if (problem.retry_after_seconds.has_value()) {
    response.headers.Set("Retry-After", std::to_string(*problem.retry_after_seconds));
  }
  for (const auto& [name, value] : problem.headers.All()) {
    response.headers.Add(name, value);
  }
  response.body = RenderProblemJson(problem, instance);
  return response;
}

HttpError::HttpError(Problem problem)
    : std::runtime_error(problem.detail.empty() ? problem.title : problem.detail),
      problem_(std::move(problem)) {}

HttpError BadRequest(std::string detail) {
  return HttpError(
      MakeProblem(400, "urn:shop:problem:bad-request", "Bad request", std::move(detail)));
}

HttpError MalformedJson(std::string detail) {
  return HttpError(
      MakeProblem(400, "urn:shop:problem:malformed-json", "Malformed JSON", std::move(detail)));
}

HttpError Unauthorized(std::string detail, std::string_view bearer_error) {
  Problem problem =
      MakeProblem(401, "urn:shop:problem:unauthorized", "Unauthorized", std::move(detail));
  problem.headers.Set("WWW-Authenticate",
                      bearer_error.empty() ? std::string("Bearer")
                                           : "Bearer error=\"" + std::string(bearer_error) + "\"");
  return HttpError(std::move(problem));
}

HttpError Forbidden(std::string detail) {
  return HttpError(MakeProblem(403, "urn:shop:problem:forbidden", "Forbidden", std::move(detail)));
}

HttpError NotFound(std::string detail) {
  return HttpError(MakeProblem(404, "urn:shop:problem:not-found", "Not found", std::move(detail)));
}

HttpError Conflict(std::string detail) {
  return HttpError(MakeProblem(409, "urn:shop:problem:conflict", "Conflict", std::move(detail)));
}

HttpError PayloadTooLarge(std::string detail) {
  return HttpError(MakeProblem(413, "urn:shop:problem:payload-too-large", "Payload too large",
                               std::move(detail)));
}

HttpError UnsupportedMediaType(std::string detail) {
  return HttpError(MakeProblem(415, "urn:shop:problem:unsupported-media-type",
                               "Unsupported media type", std::move(detail)));
}

HttpError Unprocessable(std::string detail, nlohmann::json errors) {
  Problem problem =
      MakeProblem(422, "urn:shop:problem:validation", "Validation failed", std::move(detail));
  if (!errors.is_null()) {
    problem.extensions["errors"] = std::move(errors);
  }
  return HttpError(std::move(problem));
}

HttpError ServiceUnavailable(std::string detail, unsigned retry_after_seconds) {
  Problem problem = MakeProblem(503, "urn:shop:problem:service-unavailable", "Service unavailable",
                                std::move(detail));
  problem.retry_after_seconds = retry_after_seconds;
  return HttpError(std::move(problem));
}

}  // namespace shop::http
