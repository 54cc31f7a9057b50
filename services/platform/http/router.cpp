#include "platform/http/router.hpp"

#include <algorithm>
#include <array>
#include <exception>
#include <stdexcept>

#include "platform/http/problem.hpp"
#include "platform/logging/log.hpp"

namespace shop::http {
namespace {

// "/a/{id}" -> {"a", "{id}"}; "/" -> {""}; "/a/" -> {"a", ""}. Empty segments are kept, so a
// trailing slash or "//" never matches a pattern without one.
std::vector<std::string_view> SplitPath(std::string_view path) {
  std::vector<std::string_view> segments;
  path.remove_prefix(1);
  while (true) {
    const std::size_t slash = path.find('/');
    segments.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) {
      break;
    }
    path.remove_prefix(slash + 1);
  }
  return segments;
}

bool IsParam(std::string_view segment) {
  return segment.size() >= 3 && segment.front() == '{' && segment.back() == '}';
}

bool Matches(const std::vector<std::string>& pattern, const std::vector<std::string_view>& path) {
  if (pattern.size() != path.size()) {
    return false;
  }
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (IsParam(pattern[i]) ? path[i].empty() : pattern[i] != path[i]) {
      return false;
    }
  }
  return true;
}

// True when `a` is more specific than `b`: at the first segment where they differ in kind, a
// literal beats a parameter.
bool MoreSpecific(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) {
    const bool a_param = IsParam(a[i]);
    if (a_param != IsParam(b[i])) {
      return !a_param;
    }
  }
  return false;
}

// "/a/{id}" and "/a/{key}" route the same paths.
bool SameShape(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  if (a.size() != b.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.size(); ++i) {
    const bool a_param = IsParam(a[i]);
    if (a_param != IsParam(b[i]) || (!a_param && a[i] != b[i])) {
      return false;
    }
  }
  return true;
}

std::string AllowHeader(const std::vector<Method>& allowed) {
  std::string value;
  for (Method method : allowed) {
    if (!value.empty()) {
      value += ", ";
    }
    value += MethodName(method);
  }
  return value;
}

}  // namespace

void Router::Add(Method method, std::string pattern, Handler handler) {
  if (pattern.empty() || pattern.front() != '/') {
    throw std::invalid_argument("route pattern must start with '/': " + pattern);
  }
  if (method == Method::kOther) {
    throw std::invalid_argument("route method must be a known method: " + pattern);
  }
  std::vector<std::string> segments;
  for (std::string_view segment : SplitPath(pattern)) {
    segments.emplace_back(segment);
  }
  for (const Route& route : routes_) {
    if (route.method == method && SameShape(route.segments, segments)) {
      throw std::invalid_argument("duplicate route: " + std::string(MethodName(method)) + " " +
                                  pattern);
    }
  }
  routes_.push_back(Route{method, std::move(pattern), std::move(segments), std::move(handler)});
}

void Router::AddUpgrade(std::string pattern, UpgradeHandler handler) {
  Add(Method::kGet, pattern, [](Request& request) {
    Problem problem{.status = 426,
                    .type = "urn:shop:problem:upgrade-required",
                    .title = "Upgrade required",
                    .detail = request.route + " is a WebSocket: send the upgrade headers"};
    problem.headers.Set("Upgrade", "websocket");
    problem.headers.Set("Connection", "Upgrade");
    return ToResponse(problem, request.path);
  });
  routes_.back().upgrade = std::move(handler);
}

void Router::AddPrefix(std::string prefix, Handler handler) {
  if (prefix.empty() || prefix.front() != '/' || (prefix.size() > 1 && prefix.back() == '/')) {
    throw std::invalid_argument("route prefix must start and not end with '/': " + prefix);
  }
  for (const PrefixRoute& route : prefixes_) {
    if (route.prefix == prefix) {
      throw std::invalid_argument("duplicate route prefix: " + prefix);
    }
  }
  std::string label = prefix + "*";
  prefixes_.push_back(PrefixRoute{std::move(prefix), std::move(label), std::move(handler)});
}

const Router::PrefixRoute* Router::FindPrefix(std::string_view path) const {
  const PrefixRoute* best = nullptr;
  for (const PrefixRoute& route : prefixes_) {
    const std::string_view prefix = route.prefix;
    const bool covers =
        prefix == "/" || path == prefix || (path.starts_with(prefix) && path[prefix.size()] == '/');
    if (covers && (best == nullptr || prefix.size() > best->prefix.size())) {
      best = &route;
    }
  }
  return best;
}

Router::Match Router::Find(Method method, std::string_view path) const {
  Match match;
  if (path.empty() || path.front() != '/') {
    return match;
  }
  const std::vector<std::string_view> segments = SplitPath(path);
  // The most specific pattern matching the path names the resource; the method is then looked
  // up among that pattern's routes only.
  const Route* best = nullptr;
  for (const Route& route : routes_) {
    if (Matches(route.segments, segments) &&
        (best == nullptr || MoreSpecific(route.segments, best->segments))) {
      best = &route;
    }
  }
  if (best == nullptr) {
    if (const PrefixRoute* prefix = FindPrefix(path)) {
      match.handler = &prefix->handler;
      match.route = prefix->label;
    }
    return match;
  }
  const Route* chosen = nullptr;
  const Route* get_route = nullptr;
  constexpr std::array<Method, 7> kOrder{Method::kGet,    Method::kHead,  Method::kPost,
                                         Method::kPut,    Method::kPatch, Method::kDelete,
                                         Method::kOptions};
  std::array<bool, kOrder.size()> present{};
  for (const Route& route : routes_) {
    if (!SameShape(route.segments, best->segments)) {
      continue;
    }
    if (route.method == method) {
      chosen = &route;
    }
    if (route.method == Method::kGet) {
      get_route = &route;
      present[1] = true;  // HEAD is served by GET
    }
    for (std::size_t i = 0; i < kOrder.size(); ++i) {
      present[i] = present[i] || kOrder[i] == route.method;
    }
  }
  if (chosen == nullptr && method == Method::kHead) {
    chosen = get_route;
  }
  match.route = chosen != nullptr ? chosen->pattern : best->pattern;
  if (chosen == nullptr) {
    for (std::size_t i = 0; i < kOrder.size(); ++i) {
      if (present[i]) {
        match.allowed.push_back(kOrder[i]);
      }
    }
    return match;
  }
  match.handler = &chosen->handler;
  if (method == Method::kGet && chosen->upgrade) {
    match.upgrade = &chosen->upgrade;
  }
  for (std::size_t i = 0; i < segments.size(); ++i) {
    if (IsParam(chosen->segments[i])) {
      const std::string& name = chosen->segments[i];
      match.params[name.substr(1, name.size() - 2)] = std::string(segments[i]);
    }
  }
  return match;
}

Response Router::Dispatch(Request& request) const {
  Match match = Find(request.method, request.path);
  if (match.handler == nullptr && match.allowed.empty()) {
    request.route = "unmatched";
    return ToResponse(NotFound("no resource at " + request.path).problem(), request.path);
  }
  request.route = match.route;
  if (match.handler == nullptr) {
    Problem problem;
    problem.status = 405;
    problem.type = "urn:shop:problem:method-not-allowed";
    problem.title = "Method not allowed";
    problem.detail = std::string(MethodName(request.method)) + " is not allowed on " + match.route;
    Response response = ToResponse(problem, request.path);
    response.headers.Set("Allow", AllowHeader(match.allowed));
    return response;
  }
  request.path_params = std::move(match.params);
  try {
    return (*match.handler)(request);
  } catch (...) {
    return Failure(request, std::current_exception());
  }
}

UpgradeAnswer Router::DispatchUpgrade(Request& request) const {
  Match match = Find(Method::kGet, request.path);
  if (match.upgrade == nullptr) {
    return {.takeover = {}, .response = Dispatch(request)};
  }
  request.route = match.route;
  request.path_params = std::move(match.params);
  try {
    return (*match.upgrade)(request);
  } catch (...) {
    return {.takeover = {}, .response = Failure(request, std::current_exception())};
  }
}

Response Router::Failure(const Request& request, std::exception_ptr thrown) const {
  try {
    std::rethrow_exception(std::move(thrown));
  } catch (const HttpError& error) {
    return ToResponse(error.problem(), request.path);
  } catch (const std::exception& error) {
    if (translator_) {
      if (std::optional<Problem> problem = translator_(error)) {
        logging::Warn("handler_failed", {{"request_id", request.request_id},
                                         {"route", request.route},
                                         {"status", problem->status},
                                         {"error", error.what()}});
        return ToResponse(*problem, request.path);
      }
    }
    logging::Error("handler_failed", {{"request_id", request.request_id},
                                      {"route", request.route},
                                      {"method", MethodName(request.method)},
                                      {"error", error.what()}});
  } catch (...) {
    logging::Error("handler_failed", {{"request_id", request.request_id},
                                      {"route", request.route},
                                      {"method", MethodName(request.method)},
                                      {"error", "non-standard exception"}});
  }
  Problem problem;
  problem.status = 500;
  problem.type = "urn:shop:problem:internal";
  problem.title = "Internal server error";
  problem.detail = "internal error";
  problem.extensions["request_id"] = request.request_id;
  return ToResponse(problem, request.path);
}

}  // namespace shop::http
