#pragma once
// Cross-origin resource sharing at the edge (the Fetch standard's CORS protocol), so browser apps
// served from the configured origins may call the API. Services behind the gateway know nothing
// of CORS.
//
//  - Origins are exact ("https://shop.example", scheme and port included); "*" allows any origin.
//    An empty list switches CORS off: no CORS header is ever sent and browsers keep cross-origin
//    pages out.
//  - A preflight (OPTIONS with Origin and Access-Control-Request-Method) is answered by the
//    gateway, never forwarded: 204 with the allowed methods and request headers when the origin
//    and the method are allowed, else 403 problem+json. Preflights need no token.
//  - Other responses to an allowed origin get Access-Control-Allow-Origin (that origin) and
//    Access-Control-Expose-Headers (Location, Retry-After, X-Request-ID, RateLimit-*), so scripts
//    can read the rate-limit and correlation headers; errors made by the gateway too.
//  - No Access-Control-Allow-Credentials: tokens travel in Authorization, not cookies.

#include <string>
#include <vector>

#include "platform/http/message.hpp"

namespace shop::gateway {

class CorsPolicy {
 public:
  explicit CorsPolicy(std::vector<std::string> allowed_origins);

  bool enabled() const { return !origins_.empty(); }
  static bool IsPreflight(const http::Request& request);
  http::Response Preflight(const http::Request& request) const;
  void Decorate(const http::Request& request, http::Response& response) const;

 private:
  bool Allows(std::string_view origin) const;

  std::vector<std::string> origins_;
};

}  // namespace shop::gateway
