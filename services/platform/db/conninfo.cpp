#include "platform/db/conninfo.hpp"

#include <algorithm>

namespace shop::db {

std::string WithConnectTimeout(const std::string& conninfo, std::chrono::milliseconds timeout) {
  if (conninfo.find("connect_timeout") != std::string::npos) {
    return conninfo;
  }
  const long long seconds =
      std::max<long long>(1, std::chrono::ceil<std::chrono::seconds>(timeout).count());
  const std::string setting = "connect_timeout=" + std::to_string(seconds);
  const bool uri = conninfo.starts_with("postgresql://") || conninfo.starts_with("postgres://");
  if (uri) {
    return conninfo + (conninfo.find('?') == std::string::npos ? "?" : "&") + setting;
  }
  return conninfo.empty() ? setting : conninfo + " " + setting;
}

}  // namespace shop::db
