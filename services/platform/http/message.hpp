#pragma once
// The HTTP request and response as handlers see them: plain values, no sockets, no Beast types.
// The server (http/server.cpp) converts from and to Beast messages.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace shop::http {

enum class Method { kGet, kHead, kPost, kPut, kPatch, kDelete, kOptions, kOther };

std::string_view MethodName(Method method);
Method ParseMethod(std::string_view name);

// Header names compare case-insensitively (RFC 9110 section 5.1).
class Headers {
 public:
  void Set(std::string name, std::string value);  // replaces every field of that name
  void Add(std::string name, std::string value);  // appends one more field
  std::optional<std::string_view> Get(std::string_view name) const;
  bool Has(std::string_view name) const { return Get(name).has_value(); }
  const std::vector<std::pair<std::string, std::string>>& All() const { return fields_; }

 private:
  std::vector<std::pair<std::string, std::string>> fields_;
};

struct Request {
  Method method = Method::kGet;
  std::string target;                             // as received: path plus query
  std::string path;                               // percent-decoded path, without the query
  std::multimap<std::string, std::string> query;  // decoded query parameters
  Headers headers;
  std::string body;

  // Filled by the router: values of `{name}` segments of the matched pattern, and the pattern.
  std::map<std::string, std::string> path_params;
  std::string route;

  // Filled by the server before the handler runs.
  std::string request_id;      // X-Request-ID as received, or generated
  std::string traceparent;     // W3C traceparent as received (empty if absent or malformed)
  std::string remote_address;  // IP address of the socket peer (no port), e.g. "127.0.0.1"

  std::optional<std::string_view> QueryParam(std::string_view name) const;
  const std::string& PathParam(
      const std::string& name) const;  // throws if the route has no such param
};

struct Response {
  unsigned status = 200;
  Headers headers;  // Content-Type is set by the helpers below
  std::string body;
};

// Helpers for handlers.
Response JsonResponse(unsigned status, std::string json_body);
Response EmptyResponse(unsigned status);  // e.g. 204

}  // namespace shop::http
