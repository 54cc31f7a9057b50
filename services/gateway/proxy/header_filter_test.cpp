#include "gateway/proxy/header_filter.hpp"

#include <gtest/gtest.h>

namespace shop::gateway {
namespace {

http::Headers Of(std::initializer_list<std::pair<const char*, const char*>> fields) {
  http::Headers headers;
  for (const auto& [name, value] : fields) {
    headers.Add(name, value);
  }
  return headers;
}

const ForwardContext kContext{
    .request_id = "rid-1",
    .traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
    .forwarded_for = "10.0.0.7"};

TEST(UpstreamRequestHeaders, HopByHopFieldsAndTheFieldsConnectionNamesAreRemoved) {
  const http::Headers out = UpstreamRequestHeaders(Of({{"Connection", "keep-alive, X-Secret-Hop"},
                                                       {"X-Secret-Hop", "1"},
                                                       {"Keep-Alive", "timeout=5"},
                                                       {"TE", "trailers"},
                                                       {"Trailer", "X-Checksum"},
                                                       {"Transfer-Encoding", "chunked"},
                                                       {"Upgrade", "websocket"},
                                                       {"Proxy-Authorization", "Basic eA=="},
                                                       {"Proxy-Connection", "keep-alive"},
                                                       {"Accept", "application/json"}}),
                                                   kContext);
  for (const char* name :
       {"Connection", "X-Secret-Hop", "Keep-Alive", "TE", "Trailer", "Transfer-Encoding", "Upgrade",
        "Proxy-Authorization", "Proxy-Connection"}) {
    EXPECT_FALSE(out.Has(name)) << name;
  }
  EXPECT_EQ(out.Get("Accept"), "application/json");
}

TEST(UpstreamRequestHeaders, ClientIdentityClaimsAreDroppedAndAuthorizationPasses) {
  const http::Headers out = UpstreamRequestHeaders(Of({{"X-User-Id", "admin-1"},
                                                       {"x-user-role", "admin"},
                                                       {"X-USER-EMAIL", "root@x"},
                                                       {"Authorization", "Bearer abc.def.ghi"},
                                                       {"X-Userland", "kept"}}),
                                                   kContext);
  EXPECT_FALSE(out.Has("X-User-Id"));
  EXPECT_FALSE(out.Has("X-User-Role"));
  EXPECT_FALSE(out.Has("X-User-Email"));
  EXPECT_EQ(out.Get("Authorization"), "Bearer abc.def.ghi");
  EXPECT_EQ(out.Get("X-Userland"), "kept");
}

TEST(UpstreamRequestHeaders, CorrelationAndForwardingFieldsAreTheGateways) {
  const http::Headers out = UpstreamRequestHeaders(Of({{"X-Request-ID", "evil id"},
                                                       {"traceparent", "garbage"},
                                                       {"X-Forwarded-For", "1.2.3.4"},
                                                       {"Forwarded", "for=1.2.3.4"},
                                                       {"X-Real-IP", "1.2.3.4"},
                                                       {"Host", "shop.example"},
                                                       {"Content-Length", "999"},
                                                       {"tracestate", "vendor=1"}}),
                                                   kContext);
  EXPECT_EQ(out.Get("X-Request-ID"), "rid-1");
  EXPECT_EQ(out.Get("traceparent"), kContext.traceparent);
  EXPECT_EQ(out.Get("X-Forwarded-For"), "10.0.0.7");
  EXPECT_FALSE(out.Has("Forwarded"));
  EXPECT_FALSE(out.Has("X-Real-IP"));
  EXPECT_FALSE(out.Has("Host"));
  EXPECT_FALSE(out.Has("Content-Length"));
  EXPECT_EQ(out.Get("tracestate"), "vendor=1");
  EXPECT_EQ(out.All().size(), 4u);

  const http::Headers without_trace =
      UpstreamRequestHeaders(Of({{"traceparent", "garbage"}}), {.request_id = "r"});
  EXPECT_FALSE(without_trace.Has("traceparent"));
}

TEST(ClientResponseHeaders, HopByHopFieldsAndFramingAreRemoved) {
  const http::Headers out = ClientResponseHeaders(Of({{"Connection", "close, X-Internal"},
                                                      {"X-Internal", "1"},
                                                      {"Keep-Alive", "timeout=5"},
                                                      {"Transfer-Encoding", "chunked"},
                                                      {"Content-Length", "12"},
                                                      {"Content-Type", "application/json"},
                                                      {"Location", "/api/products/1"},
                                                      {"Retry-After", "1"}}));
  EXPECT_EQ(out.All().size(), 3u);
  EXPECT_EQ(out.Get("Content-Type"), "application/json");
  EXPECT_EQ(out.Get("Location"), "/api/products/1");
  EXPECT_EQ(out.Get("Retry-After"), "1");
}

http::Request FromPeer(std::string peer, std::initializer_list<const char*> forwarded_for = {}) {
  http::Request request;
  request.remote_address = std::move(peer);
  for (const char* value : forwarded_for) {
    request.headers.Add("X-Forwarded-For", value);
  }
  return request;
}

TEST(ClientAddressOf, ThePeerIsTheClientUnlessItIsATrustedProxy) {
  const ClientAddress direct = ClientAddressOf(FromPeer("203.0.113.9", {"1.1.1.1"}), {});
  EXPECT_EQ(direct.ip, "203.0.113.9") << "a client's X-Forwarded-For is not believed";
  EXPECT_EQ(direct.forwarded_for, "203.0.113.9");

  const std::vector<std::string> proxies{"10.0.0.1", "10.0.0.2"};
  const ClientAddress behind =
      ClientAddressOf(FromPeer("10.0.0.1", {"1.1.1.1, 198.51.100.4", "10.0.0.2"}), proxies);
  EXPECT_EQ(behind.ip, "198.51.100.4") << "the rightmost address no trusted proxy added";
  EXPECT_EQ(behind.forwarded_for, "1.1.1.1, 198.51.100.4, 10.0.0.2, 10.0.0.1");

  const ClientAddress no_header = ClientAddressOf(FromPeer("10.0.0.1"), proxies);
  EXPECT_EQ(no_header.ip, "10.0.0.1");
}

TEST(UpstreamUpgradeHeaders, TheHandshakeFieldsAreTheGatewaysAndTheTokenGoesAsAuthorization) {
  const http::Headers out =
      UpstreamUpgradeHeaders(Of({{"Connection", "Upgrade"},
                                 {"Upgrade", "websocket"},
                                 {"Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="},
                                 {"Sec-WebSocket-Version", "13"},
                                 {"Sec-WebSocket-Protocol", "shop.v1, bearer.abc.def.ghi"},
                                 {"sec-websocket-extensions", "permessage-deflate"},
                                 {"Authorization", "Bearer other"},
                                 {"X-User-Id", "admin-1"},
                                 {"Origin", "https://shop.example"}}),
                             kContext, "abc.def.ghi");
  for (const char* name : {"Connection", "Upgrade", "Sec-WebSocket-Key", "Sec-WebSocket-Version",
                           "Sec-WebSocket-Protocol", "Sec-WebSocket-Extensions", "X-User-Id"}) {
    EXPECT_FALSE(out.Has(name)) << name;
  }
  EXPECT_EQ(out.Get("Authorization"), "Bearer abc.def.ghi");
  EXPECT_EQ(out.Get("Origin"), "https://shop.example");
  EXPECT_EQ(out.Get("X-Request-ID"), "rid-1");
  EXPECT_EQ(out.Get("X-Forwarded-For"), "10.0.0.7");
}

TEST(UpstreamUpgradeHeaders, WithoutABearerSubprotocolTheClientsAuthorizationPasses) {
  const http::Headers out = UpstreamUpgradeHeaders(
      Of({{"Authorization", "Bearer abc.def.ghi"}, {"Sec-WebSocket-Protocol", "shop.v1"}}),
      kContext, "");
  EXPECT_EQ(out.Get("Authorization"), "Bearer abc.def.ghi");
  EXPECT_FALSE(out.Has("Sec-WebSocket-Protocol"));
}

}  // namespace
}  // namespace shop::gateway
