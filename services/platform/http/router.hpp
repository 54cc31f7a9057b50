#pragma once
// Routes requests by method and path pattern. Patterns are literal segments and `{name}`
// parameters: "/api/categories/{id}". Unknown path -> 404 problem; known path, other method ->
// 405 problem with an Allow header. HEAD falls back to GET. HttpError thrown by a handler becomes
// its problem response; any other exception becomes a 500 problem and is logged.
//
// Matching rules (decided here, relied on by services):
//  - Paths match segment by segment, exactly: a trailing slash is significant ("/a/" does not
//    match "/a" and gets a 404), so each resource has one canonical URL. `{name}` matches one
//    non-empty segment.
//  - When several patterns match a path, the most specific wins: at the first segment where they
//    differ, a literal beats a parameter ("/items/new" over "/items/{id}"), whatever the order of
//    registration. The method is then looked up on that pattern only (405 if absent there).
//  - Allow lists methods in the order GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS; HEAD is listed
//    whenever GET is. HEAD runs the GET handler; the server sends the headers without the body.
//  - Add throws std::invalid_argument on a pattern not starting with '/', Method::kOther, or a
//    duplicate (same method, same shape). Register every route before the server starts: Find and
//    Dispatch are const and safe to call from many threads at once, Add is not.
//  - Prefix routes (AddPrefix, for a proxy): a prefix "/api/products" takes every method, Other
//    included, on "/api/products" and on every path below it ("/api/products/7/x"), but not on
//    "/api/productsX"; "/" takes every path. They are tried only when no pattern matches the path
//    (patterns keep their 404/405 answers); the longest matching prefix wins. request.route is the
//    prefix followed by "*" ("/api/products*"), so metric labels stay bounded.
//  - Upgrade routes (AddUpgrade, platform/http/upgrade.hpp): a GET pattern whose handler takes
//    over the connection of a WebSocket upgrade request (the server calls DispatchUpgrade for
//    those); a plain GET or HEAD of it gets 426 Upgrade Required. A pattern is either an upgrade
//    route or a GET route, not both.

#include <exception>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "platform/http/message.hpp"
#include "platform/http/problem.hpp"
#include "platform/http/upgrade.hpp"

namespace shop::http {

using Handler = std::function<Response(Request&)>;
// Turns a non-HttpError exception of a lower layer (e.g. db::DatabaseUnavailable) into a problem;
// nullopt leaves it a 500. Lets the router map errors without depending on those layers.
using ErrorTranslator = std::function<std::optional<Problem>(const std::exception&)>;

class Router {
 public:
  void Add(Method method, std::string pattern, Handler handler);
  // Throws std::invalid_argument when `prefix` does not start with '/', ends with '/' (other than
  // "/" itself), or was added before.
  void AddPrefix(std::string prefix, Handler handler);
  // Throws as Add does.
  void AddUpgrade(std::string pattern, UpgradeHandler handler);
  void SetErrorTranslator(ErrorTranslator translator) { translator_ = std::move(translator); }

  struct Match {
    const Handler* handler = nullptr;  // null when no route matched
    std::string route;                 // the pattern, or "" when none
    std::map<std::string, std::string> params;
    std::vector<Method> allowed;  // non-empty when the path matched but the method did not
    const UpgradeHandler* upgrade = nullptr;  // set for an upgrade route's GET
  };
  Match Find(Method method, std::string_view path) const;

  // Matches, fills request.path_params and request.route, runs the handler, maps errors.
  // request.route is "unmatched" for 404s, so metrics labels stay bounded.
  Response Dispatch(Request& request) const;
  // For a WebSocket upgrade request: the upgrade route's answer, or (no upgrade route at the
  // path) what Dispatch answers, as a response. Maps errors as Dispatch does.
  UpgradeAnswer DispatchUpgrade(Request& request) const;

 private:
  struct Route {
    Method method;
    std::string pattern;
    std::vector<std::string> segments;
    Handler handler;
    UpgradeHandler upgrade{};
  };
  struct PrefixRoute {
    std::string prefix;
    std::string label;  // prefix + "*"
    Handler handler;
  };
  // The longest prefix route covering `path`, or null.
  const PrefixRoute* FindPrefix(std::string_view path) const;
  // The answer to an exception a handler threw (rethrows `error` to map it).
  Response Failure(const Request& request, std::exception_ptr error) const;

  std::vector<Route> routes_;
  std::vector<PrefixRoute> prefixes_;
  ErrorTranslator translator_;
};

}  // namespace shop::http
