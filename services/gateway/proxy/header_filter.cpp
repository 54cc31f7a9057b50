#include "gateway/proxy/header_filter.hpp"

#include <algorithm>
#include <array>

#include "platform/text/ascii.hpp"

namespace shop::gateway {
namespace {

constexpr std::array<std::string_view, 9> kHopByHop{
    "Connection",       "Keep-Alive",         "TE",
    "Trailer",          "Transfer-Encoding",  "Upgrade",
    "Proxy-Connection", "Proxy-Authenticate", "Proxy-Authorization"};

bool Listed(std::string_view name, const std::vector<std::string_view>& names) {
  return std::any_of(names.begin(), names.end(), [&](std::string_view listed) {
    return shop::text::EqualsIgnoreCase(listed, name);
  });
}

// Names of the fields that must not cross: the fixed hop-by-hop set, and whatever Connection names.
std::vector<std::string_view> HopByHopNames(const http::Headers& headers) {
  std::vector<std::string_view> names(kHopByHop.begin(), kHopByHop.end());
  for (const auto& [name, value] : headers.All()) {
    if (shop::text::EqualsIgnoreCase(name, "Connection")) {
      for (std::string_view item : shop::text::CommaSeparated(value)) {
        names.push_back(item);
      }
    }
  }
  return names;
}

constexpr std::array<std::string_view, 7> kReplacedOnRequest{
    "Host",      "Content-Length", "X-Request-ID", "traceparent", "X-Forwarded-For",
    "Forwarded", "X-Real-IP"};

}  // namespace

http::Headers UpstreamRequestHeaders(const http::Headers& client, const ForwardContext& context) {
  const std::vector<std::string_view> hop_by_hop = HopByHopNames(client);
  http::Headers out;
  for (const auto& [name, value] : client.All()) {
    const bool replaced =
        std::any_of(kReplacedOnRequest.begin(), kReplacedOnRequest.end(),
                    [&](std::string_view r) { return shop::text::EqualsIgnoreCase(r, name); });
    if (!replaced && !Listed(name, hop_by_hop) &&
        !shop::text::StartsWithIgnoreCase(name, "X-User-")) {
      out.Add(name, value);
    }
  }
  out.Add("X-Request-ID", context.request_id);
  if (!context.traceparent.empty()) {
    out.Add("traceparent", context.traceparent);
  }
  if (!context.forwarded_for.empty()) {
    out.Add("X-Forwarded-For", context.forwarded_for);
  }
  return out;
}

http::Headers UpstreamUpgradeHeaders(const http::Headers& client, const ForwardContext& context,
                                     std::string_view bearer_token) {
  const http::Headers forwarded = UpstreamRequestHeaders(client, context);
  http::Headers out;
  for (const auto& [name, value] : forwarded.All()) {
    const bool replaced =
        shop::text::StartsWithIgnoreCase(name, "Sec-WebSocket-") ||
        (!bearer_token.empty() && shop::text::EqualsIgnoreCase(name, "Authorization"));
    if (!replaced) {
      out.Add(name, value);
    }
  }
  if (!bearer_token.empty()) {
    out.Add("Authorization", "Bearer " + std::string(bearer_token));
  }
  return out;
}

http::Headers ClientResponseHeaders(const http::Headers& upstream) {
  const std::vector<std::string_view> hop_by_hop = HopByHopNames(upstream);
  http::Headers out;
  for (const auto& [name, value] : upstream.All()) {
    if (!Listed(name, hop_by_hop) && !shop::text::EqualsIgnoreCase(name, "Content-Length")) {
      out.Add(name, value);
    }
  }
  return out;
}

ClientAddress ClientAddressOf(const http::Request& request,
                              const std::vector<std::string>& trusted_proxies) {
  const std::string& peer = request.remote_address;
  const auto trusted = [&](std::string_view address) {
    return std::find(trusted_proxies.begin(), trusted_proxies.end(), address) !=
           trusted_proxies.end();
  };
  if (!trusted(peer)) {
    return {.ip = peer, .forwarded_for = peer};
  }
  std::vector<std::string_view> chain;
  std::string incoming;
  for (const auto& [name, value] : request.headers.All()) {
    if (shop::text::EqualsIgnoreCase(name, "X-Forwarded-For")) {
      incoming += (incoming.empty() ? "" : ", ") + value;
    }
  }
  chain = shop::text::CommaSeparated(incoming);
  std::string client = peer;
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    client = std::string(*it);
    if (!trusted(*it)) {
      break;
    }
  }
  return {.ip = client, .forwarded_for = incoming.empty() ? peer : incoming + ", " + peer};
}

}  // namespace shop::gateway
