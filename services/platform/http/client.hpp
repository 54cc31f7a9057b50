#pragma once
// A blocking HTTP/1.1 client for service-to-service calls made while serving a request (on a
// worker thread). One request per connection; the whole exchange (resolve, connect, write, read)
// is bounded by one timeout, because Beast's synchronous calls ignore deadlines: each step is an
// asynchronous operation run to completion on a private io_context.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "platform/http/message.hpp"

namespace shop::http {

struct Endpoint {
  std::string host;
  std::uint16_t port = 80;
  std::string ToString() const { return host + ":" + std::to_string(port); }
};

// "http://host:port" (a trailing "/" is allowed; the port defaults to 80). Throws
// std::invalid_argument naming what is wrong: another scheme, a path, a bad port.
Endpoint ParseHttpUrl(std::string_view url);

// At most this many URLs in a list: the instances of one upstream (http/upstream.hpp; bounds its
// per-instance metrics' cardinality).
inline constexpr std::size_t kMaxUpstreamInstances = 16;

// A comma-separated list of base URLs ("http://10.0.0.5:8083,http://10.0.0.6:8083"), each as
// ParseHttpUrl takes it; a single URL is a list of one. Throws std::invalid_argument: no URL, a
// bad one, one listed twice, more than kMaxUpstreamInstances.
std::vector<Endpoint> ParseHttpUrlList(std::string_view list);
// "http://a:1,http://b:2": the list back as a setting would hold it.
std::string HttpUrlList(const std::vector<Endpoint>& endpoints);

struct ClientRequest {
  Method method = Method::kGet;
  std::string target{};  // path and query
  Headers headers{};     // Host, Content-Length and Connection are set by the client
  std::string body{};
};

struct ClientResponse {
  unsigned status = 0;
  Headers headers;
  std::string body;
};

// The exchange did not produce a response.
class ClientError : public std::runtime_error {
 public:
  enum class Kind { kConnect, kTimeout, kProtocol };
  ClientError(Kind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

// Sends `request` and reads the response (body at most 1 MiB). Throws ClientError.
ClientResponse SendRequest(const Endpoint& endpoint, const ClientRequest& request,
                           std::chrono::milliseconds timeout);

}  // namespace shop::http
