#pragma once
// Which headers cross the gateway, in each direction (RFC 9110 section 7.6.1). Pure functions.
//
// Request, client -> upstream:
//  - hop-by-hop fields are removed: Connection and every field it names, Keep-Alive, TE, Trailer,
//    Transfer-Encoding, Upgrade, Proxy-Connection, Proxy-Authenticate, Proxy-Authorization;
//  - Host and Content-Length are the connection pool's to set;
//  - X-User-* fields are removed: identity comes from the verified token only, and no service may
//    mistake a client's "X-User-Role: admin" for the gateway's word;
//  - X-Request-ID, traceparent, X-Forwarded-For, Forwarded and X-Real-IP sent by the client are
//    replaced by the gateway's own (the request id the server settled on, the trace context when
//    valid, the client address as ClientAddressOf decided);
//  - everything else passes unchanged, Authorization included (services verify it again).
// Response, upstream -> client: hop-by-hop fields and Content-Length are removed (the server sets
// framing); everything else passes.
// WebSocket handshake, client -> upstream (UpstreamUpgradeHeaders): as a request, without the
// client's Sec-WebSocket-* fields (the gateway's own handshake sets the key, the version and the
// offered subprotocols, the bearer entry left out), and with the token the gateway verified as
// `Authorization: Bearer <token>`: the way every request carries the caller to the services.

#include <string>
#include <string_view>
#include <vector>

#include "platform/http/message.hpp"

namespace shop::gateway {

struct ForwardContext {
  std::string request_id{};
  std::string traceparent{};    // empty: none is sent
  std::string forwarded_for{};  // the X-Forwarded-For value for the upstream
};

http::Headers UpstreamRequestHeaders(const http::Headers& client, const ForwardContext& context);
http::Headers ClientResponseHeaders(const http::Headers& upstream);
// `bearer_token`: the token of the client's "bearer." subprotocol; empty when it sent
// Authorization instead (which then passes as for a request).
http::Headers UpstreamUpgradeHeaders(const http::Headers& client, const ForwardContext& context,
                                     std::string_view bearer_token);

struct ClientAddress {
  std::string ip{};             // rate limits are keyed by it
  std::string forwarded_for{};  // X-Forwarded-For for the upstream
};

// The socket peer is the client, unless it is one of `trusted_proxies` (exact IP addresses): then
// the client is the rightmost X-Forwarded-For entry that is not a trusted proxy, and the chain is
// passed on with the peer appended. A client's own X-Forwarded-For is never believed otherwise.
ClientAddress ClientAddressOf(const http::Request& request,
                              const std::vector<std::string>& trusted_proxies);

}  // namespace shop::gateway
