#pragma once
// A blocking HTTP/1.1 client for service-to-service calls made while serving a request (on a
// worker thread). One request per connection; the whole exchange (resolve, connect, write, read)
// is bounded by one timeout, because Beast's synchronous calls ignore deadlines: each step is an
// asynchronous operation run to completion on a private io_context.

#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

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
