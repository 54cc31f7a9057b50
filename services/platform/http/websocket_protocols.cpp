#include "platform/http/websocket_protocols.hpp"

#include <algorithm>

#include "platform/text/ascii.hpp"

namespace shop::http {

bool OfferedProtocols::Offers(std::string_view protocol) const {
  return std::find(protocols.begin(), protocols.end(), protocol) != protocols.end();
}

OfferedProtocols ParseOfferedProtocols(const Headers& headers) {
  OfferedProtocols offered;
  for (const auto& [name, value] : headers.All()) {
    if (!text::EqualsIgnoreCase(name, "Sec-WebSocket-Protocol")) {
      continue;
    }
    for (const std::string_view item : text::CommaSeparated(value)) {
      if (item.starts_with(kBearerProtocolPrefix)) {
        offered.bearer_tokens.emplace_back(item.substr(kBearerProtocolPrefix.size()));
      } else {
        offered.protocols.emplace_back(item);
      }
    }
  }
  return offered;
}

std::string JoinProtocols(const std::vector<std::string>& protocols) {
  std::string joined;
  for (const std::string& protocol : protocols) {
    joined += (joined.empty() ? "" : ", ") + protocol;
  }
  return joined;
}

}  // namespace shop::http
